using System.Numerics;
using ChainTrader.Core.Oracles;
using static ChainTrader.TestSupport.OracleTestData;

namespace ChainTrader.UnitTests.Oracles;

public class OracleRulesTests
{
    private static readonly OracleOptions Options = new();

    private static PriceAssessment Assess(OracleOptions options, params object[] observations) => OracleRules.Assess(Inputs(observations), options, Now);

    private static PriceAssessment Assess(params object[] observations) => Assess(Options, observations);

    private static void AssertSingleFailure(PriceAssessment assessment, OracleRule rule, string message)
    {
        Assert.Equal(PriceVerdict.NotUsable, assessment.Verdict);
        Assert.Null(assessment.Price);
        var failure = Assert.Single(assessment.Failures);
        Assert.Equal(rule, failure.Rule);
        Assert.Equal(message, failure.Message);
    }

    [Fact]
    public void FreshAgreeingSourcesAreUsableAtTheirMedianWithProvenance()
    {
        var result = Assess(Chainlink(3000m, ageSeconds: 12), Pyth(3001m, ageSeconds: 3));

        Assert.Equal(PriceVerdict.Usable, result.Verdict);
        Assert.Empty(result.Failures);
        Assert.Equal(3000.5m, result.Price);
        Assert.Collection(result.Sources,
            s =>
            {
                Assert.Equal("chainlink ETH/USD on ethereum", s.Source);
                Assert.Equal(3000m, s.Price);
                Assert.Equal(TimeSpan.FromSeconds(12), s.Age);
                Assert.Equal("round 110680464442257320247", s.Detail);
                Assert.True(s.Passed);
            },
            s =>
            {
                Assert.Equal("pyth ETH/USD", s.Source);
                Assert.Equal(3001m, s.Price);
                Assert.Equal(TimeSpan.FromSeconds(3), s.Age);
                Assert.Equal($"publish_time {Now.ToUnixTimeSeconds() - 3}", s.Detail);
            });
        Assert.Equal(new[] { "chainlink ETH/USD on ethereum", "pyth ETH/USD" }, result.LastGood!.Sources);
        Assert.Equal(3000.5m, result.LastGood.Price);
        Assert.Equal(Now, result.LastGood.At);
        Assert.Equal("ETH/USD 3000.5 (median of chainlink ETH/USD on ethereum, pyth ETH/USD)", result.Summary);
    }

    [Fact]
    public void StaleChainlinkIsNamedWithItsAge()
        => AssertSingleFailure(Assess(Chainlink(ageSeconds: 95), Pyth()), OracleRule.Stale, "chainlink ETH/USD on ethereum age 95 s > max 30 s");

    [Theory]
    [InlineData(30, true)]
    [InlineData(31, false)]
    public void ChainlinkAgeBoundaryIsInclusive(int age, bool usable)
        => Assert.Equal(usable, Assess(Chainlink(ageSeconds: age), Pyth()).IsUsable);

    [Fact]
    public void ChainlinkMaxAgeOverridesOnlyChainlink()
    {
        var options = Options with { ChainlinkMaxAge = TimeSpan.FromMinutes(10) };
        Assert.True(Assess(options, Chainlink(ageSeconds: 600), Pyth(ageSeconds: 30)).IsUsable);
        AssertSingleFailure(Assess(options, Chainlink(ageSeconds: 600), Pyth(ageSeconds: 31)), OracleRule.Stale, "pyth ETH/USD age 31 s > max 30 s");
    }

    [Theory]
    [InlineData(3660, true)]
    [InlineData(3661, false)]
    public void HeartbeatPlusToleranceBoundsChainlinkAge(int age, bool usable)
    {
        var options = Options with { ChainlinkMaxAge = TimeSpan.FromHours(2) };
        var result = Assess(options, Chainlink(ageSeconds: age, heartbeatSeconds: 3600), Pyth());
        Assert.Equal(usable, result.IsUsable);
        if (!usable)
            AssertSingleFailure(result, OracleRule.Stale, "chainlink ETH/USD on ethereum age 3661 s > heartbeat 3600 s + 60 s tolerance");
    }

    [Fact]
    public void AgeAboveBothLimitsNamesBoth()
    {
        var result = Assess(Chainlink(ageSeconds: 4000, heartbeatSeconds: 3600), Pyth());
        Assert.Equal(new[]
        {
            "chainlink ETH/USD on ethereum age 4000 s > max 30 s",
            "chainlink ETH/USD on ethereum age 4000 s > heartbeat 3600 s + 60 s tolerance",
        }, result.Failures.Select(f => f.Message));
    }

    [Theory]
    [InlineData("0", "chainlink ETH/USD on ethereum answer 0 is not positive")]
    [InlineData("-300000000000", "chainlink ETH/USD on ethereum answer -300000000000 is not positive")]
    public void NonPositiveChainlinkAnswerFails(string answer, string message)
    {
        var result = Assess(Chainlink() with { Answer = BigInteger.Parse(answer) }, Pyth());
        Assert.Contains(result.Failures, f => f.Rule == OracleRule.NonPositive && f.Message == message);
        Assert.DoesNotContain(result.Failures, f => f.Rule == OracleRule.Deviation);
        Assert.False(result.IsUsable);
        Assert.Null(result.Sources[0].Price);
    }

    [Fact]
    public void CarriedOverAnswerIsAnIncompleteRound()
        => AssertSingleFailure(Assess(Chainlink() with { RoundId = 101, AnsweredInRound = 100 }, Pyth()), OracleRule.IncompleteRound,
            "chainlink ETH/USD on ethereum answeredInRound 100 < roundId 101: the answer was carried over from an earlier round");

    [Fact]
    public void AnsweredInLaterRoundIsComplete()
        => Assert.True(Assess(Chainlink() with { RoundId = 100, AnsweredInRound = 101 }, Pyth()).IsUsable);

    [Fact]
    public void ZeroUpdatedAtIsAnIncompleteRound()
        => AssertSingleFailure(Assess(Chainlink() with { UpdatedAt = 0 }, Pyth()), OracleRule.IncompleteRound,
            "chainlink ETH/USD on ethereum round 110680464442257320247 is incomplete: updatedAt is 0");

    [Fact]
    public void TimestampBeyondClockSkewIsInTheFuture()
    {
        Assert.True(Assess(Chainlink(ageSeconds: -10), Pyth(ageSeconds: -10)).IsUsable);
        AssertSingleFailure(Assess(Chainlink(), Pyth(ageSeconds: -11)), OracleRule.FutureTimestamp,
            "pyth ETH/USD timestamp is 11 s in the future (max clock skew 10 s)");
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(20000, true)]
    [InlineData(99.99999999, false)]
    [InlineData(20000.00000001, false)]
    public void SanityRangeIsInclusive(decimal price, bool usable)
    {
        var result = Assess(Chainlink(price), Pyth(price, conf: 0.01m));
        Assert.Equal(usable, result.IsUsable);
        if (!usable)
        {
            Assert.Equal(new[]
            {
                $"chainlink ETH/USD on ethereum {price} outside sanity range 100–20000",
                $"pyth ETH/USD {price} outside sanity range 100–20000",
            }, result.Failures.Select(f => f.Message));
        }
    }

    [Fact]
    public void SymbolWithoutSanityRangeIsNeverUsable()
    {
        var options = Options with { SanityRanges = new Dictionary<string, PriceRange>() };
        var result = Assess(options, Chainlink(), Pyth());
        Assert.False(result.IsUsable);
        Assert.All(result.Failures, f => Assert.Equal(OracleRule.SanityRange, f.Rule));
        Assert.Contains("no sanity range configured for ETH (set CHAINLINK_SANITY_ETH_MIN/MAX)", result.Failures[0].Message);
    }

    [Fact]
    public void DeviationExactlyAtTheBoundIsAccepted()
    {
        var result = Assess(Chainlink(2000m), Pyth(2010m));
        Assert.True(result.IsUsable);
        Assert.Equal(50m, OracleRules.DeviationBps(2000m, 2010m));
    }

    [Fact]
    public void DisagreeingSourcesAreNamedWithBothValues()
        => AssertSingleFailure(Assess(Chainlink(2000m), Pyth(2010.02m)), OracleRule.Deviation,
            "chainlink ETH/USD on ethereum 2000 vs pyth ETH/USD 2010.02 differ by 50.1 bps > max 50 bps");

    [Fact]
    public void EveryDisagreeingPairIsNamed()
    {
        var result = Assess(Chainlink(3000m), Chainlink(3000m, chain: "base") with { RequiresSequencer = true, Sequencer = SequencerUp() }, Pyth(3100m));
        Assert.Equal(2, result.Failures.Count);
        Assert.All(result.Failures, f => Assert.Equal(OracleRule.Deviation, f.Rule));
        Assert.Equal("chainlink ETH/USD on ethereum vs pyth ETH/USD", result.Failures[0].Source);
        Assert.Equal("chainlink ETH/USD on base vs pyth ETH/USD", result.Failures[1].Source);
    }

    [Fact]
    public void MedianOfThreeAgreeingSources()
    {
        var result = Assess(Chainlink(3000m), Chainlink(3004m, chain: "bsc"), Pyth(3001m));
        Assert.True(result.IsUsable);
        Assert.Equal(3001m, result.Price);
    }

    [Fact]
    public void PythConfidenceExactlyAtTheBoundIsAccepted()
        => Assert.True(Assess(Chainlink(3000m), Pyth(3000m, conf: 30m)).IsUsable);

    [Fact]
    public void WidePythConfidenceFails()
        => AssertSingleFailure(Assess(Chainlink(3000m), Pyth(3000m, conf: 30.03m)), OracleRule.WideConfidence,
            "pyth ETH/USD confidence ±100.1 bps of price > max 100 bps");

    [Fact]
    public void OldPythPublishTimeIsStale()
        => AssertSingleFailure(Assess(Chainlink(), Pyth(ageSeconds: 300)), OracleRule.Stale, "pyth ETH/USD age 300 s > max 30 s");

    [Fact]
    public void NonPositivePythPriceFails()
    {
        var result = Assess(Chainlink(), Pyth() with { Price = -5 });
        Assert.Contains(result.Failures, f => f.Rule == OracleRule.NonPositive && f.Message == "pyth ETH/USD price -5 is not positive");
        Assert.False(result.IsUsable);
    }

    [Fact]
    public void SequencerDownFailsEveryPriceFromThatChain()
    {
        var down = new SequencerObservation("base", BigInteger.One, SecondsAgo(120));
        var result = Assess(Chainlink(chain: "base", requiresSequencer: true, sequencer: down), Pyth());
        var failure = Assert.Single(result.Failures, f => f.Rule == OracleRule.SequencerDown);
        Assert.Equal("sequencer on base is down since 2026-11-21 11:58:00Z", failure.Message);
        Assert.False(result.Sources[0].Passed);
        Assert.False(result.IsUsable);
    }

    [Fact]
    public void SequencerUpButInGracePeriodFails()
    {
        var result = Assess(Chainlink(chain: "base", requiresSequencer: true, sequencer: SequencerUp(upForSeconds: 600)), Pyth());
        Assert.Equal("sequencer on base up for 600 s <= grace period 3600 s",
            Assert.Single(result.Failures, f => f.Rule == OracleRule.SequencerGracePeriod).Message);
        Assert.False(result.IsUsable);
    }

    [Theory]
    [InlineData(3600, false)]
    [InlineData(3601, true)]
    public void GracePeriodMustBeExceeded(int upFor, bool usable)
        => Assert.Equal(usable, Assess(Chainlink(chain: "base", requiresSequencer: true, sequencer: SequencerUp(upForSeconds: upFor)), Pyth()).IsUsable);

    [Fact]
    public void MissingSequencerFailsClosed()
    {
        var result = Assess(Chainlink(chain: "arbitrum", requiresSequencer: true), Pyth());
        Assert.Equal("sequencer on arbitrum was not read; prices on arbitrum are not trusted without it",
            Assert.Single(result.Failures, f => f.Rule == OracleRule.SequencerMissing).Message);
    }

    [Theory]
    [InlineData(2, 600, "sequencer on base answered 2; expected 0 (up) or 1 (down)")]
    [InlineData(0, null, "sequencer on base startedAt is 0 (invalid round)")]
    public void InvalidSequencerAnswersFail(int answer, int? upFor, string message)
    {
        var sequencer = new SequencerObservation("base", answer, upFor is { } s ? SecondsAgo(s) : BigInteger.Zero);
        var failures = OracleRules.CheckSequencer(sequencer, "base", Options, Now);
        Assert.Equal(message, Assert.Single(failures).Message);
        Assert.Equal(OracleRule.SequencerInvalid, failures[0].Rule);
    }

    [Fact]
    public void SequencerIsReportedOncePerChain()
    {
        var down = new SequencerObservation("base", BigInteger.One, SecondsAgo(60));
        var result = Assess(new OracleOptions { MinSources = 1 },
            Chainlink(chain: "base", requiresSequencer: true, sequencer: down),
            Chainlink(chain: "base", requiresSequencer: true, sequencer: down) with { Heartbeat = TimeSpan.FromHours(24) });
        Assert.Single(result.Failures, f => f.Rule == OracleRule.SequencerDown);
    }

    [Fact]
    public void DexQuoteWithinBoundPasses()
    {
        // 2 ETH → 6030 USDC implies 3015, exactly 50 bps above 3000.
        var result = Assess(Chainlink(3000m), Pyth(3000m), SellQuote(2m, 6030m));
        Assert.True(result.IsUsable);
        Assert.Equal(3015m, result.Dex!.ImpliedPrice);
        Assert.Equal(50m, result.Dex.DeviationBps);
    }

    [Fact]
    public void DexQuoteOutlierFails()
        => AssertSingleFailure(Assess(Chainlink(3000m), Pyth(3000m), SellQuote(1m, 2700m)), OracleRule.DexOutlier,
            "dex uniswap-v2 on ethereum implied ETH/USD 2700 vs oracle 3000 differ by 1111.11 bps > max 50 bps");

    [Fact]
    public void DexBuyQuoteIsInverted()
    {
        // 3000 USDC in → 1 ETH out implies 3000.
        var buy = new DexQuote("ETH", "uniswap-v2", Raw(3000m, 6), 6, Raw(1m, 18), 18, SellsSymbol: false);
        Assert.Equal(3000m, OracleRules.CheckDexQuote(buy, 3000m, Options).ImpliedPrice);
    }

    [Fact]
    public void EmptyDexQuoteIsInvalid()
        => AssertSingleFailure(Assess(Chainlink(), Pyth(), SellQuote(1m, 0m)), OracleRule.DexInvalid,
            "dex uniswap-v2 on ethereum quote 1000000000000000000 in → 0 out is empty");

    [Fact]
    public void TooFewSourcesFailClosed()
    {
        AssertSingleFailure(Assess(Chainlink()), OracleRule.InsufficientSources, "ETH/USD has 1 source(s); 2 required");
        Assert.True(Assess(new OracleOptions { MinSources = 1 }, Chainlink()).IsUsable);
    }

    [Fact]
    public void ReadFailuresAreNamed()
    {
        var result = Assess(Chainlink(), Pyth(), new SourceReadFailure("chainlink ETH/USD on base", "RPC timeout after 30 s"));
        AssertSingleFailure(result, OracleRule.ReadFailed, "chainlink ETH/USD on base read failed: RPC timeout after 30 s");
    }

    [Fact]
    public void EveryFailedRuleIsNamedInOneAssessment()
    {
        var down = new SequencerObservation("base", BigInteger.One, SecondsAgo(60));
        var result = Assess(
            Chainlink(ageSeconds: 95, chain: "ethereum") with { Answer = 0 },
            Chainlink(chain: "base", requiresSequencer: true, sequencer: down) with { RoundId = 7, AnsweredInRound = 6 },
            Pyth(3000m, conf: 60m, ageSeconds: 40),
            new SourceReadFailure("chainlink ETH/USD on arbitrum", "connection refused"),
            SellQuote(1m, 2000m));

        Assert.Equal(PriceVerdict.NotUsable, result.Verdict);
        Assert.Equal(new[]
        {
            OracleRule.ReadFailed,
            OracleRule.NonPositive, OracleRule.Stale,
            OracleRule.SequencerDown, OracleRule.IncompleteRound,
            OracleRule.Stale, OracleRule.WideConfidence,
        }, result.Failures.Select(f => f.Rule));
        Assert.All(result.Sources, s => Assert.False(s.Passed));
        // No source passed, so there is no oracle price to hold the DEX quote against.
        Assert.Null(result.Dex!.DeviationBps);
        Assert.Equal(2000m, result.Dex.ImpliedPrice);
    }

    [Fact]
    public void LastGoodPriceIsKeptAndReportedStaleNeverUsable()
    {
        var good = OracleRules.Assess(Inputs(Chainlink(3000m), Pyth(3000m)), Options, Now);
        Assert.Equal(3000m, good.LastGood!.Price);

        // 90 s later the Chainlink round is 95 s old; Pyth has published again.
        var later = Now.AddSeconds(90);
        var bad = OracleRules.Assess(Inputs(Chainlink(3000m), Pyth(3000m, ageSeconds: -88)), Options, later, good.LastGood);
        Assert.False(bad.IsUsable);
        Assert.Null(bad.Price);
        Assert.Same(good.LastGood, bad.LastGood);
        Assert.Equal(3000m, bad.StalePrice);
        Assert.Equal(TimeSpan.FromSeconds(90), bad.StaleFor);
        Assert.Equal("ETH/USD not usable: chainlink ETH/USD on ethereum age 95 s > max 30 s; last good 3000 is stale (90 s old)", bad.Summary);

        var never = OracleRules.Assess(Inputs(Chainlink(ageSeconds: 95), Pyth()), Options, Now);
        Assert.Null(never.StalePrice);
        Assert.EndsWith("; no good price yet", never.Summary);
    }

    [Fact]
    public void ObservationForAnotherSymbolIsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => OracleRules.Assess(Inputs(Chainlink(symbol: "BTC", price: 60000m)), Options, Now));
        Assert.StartsWith("Observation from chainlink BTC/USD on ethereum is for BTC, but this assessment is for ETH.", ex.Message);
    }

    [Fact]
    public void ZeroHeartbeatIsRejected()
        => Assert.Throws<ArgumentException>(() => OracleRules.CheckChainlink(Chainlink() with { Heartbeat = TimeSpan.Zero }, Options, Now));

    [Fact]
    public void UnrepresentableAnswerIsNamed()
    {
        var result = Assess(Chainlink() with { Decimals = 40 }, Pyth());
        Assert.Contains(result.Failures, f => f.Rule == OracleRule.Unrepresentable && f.Message.Contains("× 10^-40 cannot be represented"));
    }

    [Fact]
    public void ScalingIsExact()
    {
        Assert.True(OracleRules.TryScale(BigInteger.Parse("3000123456789012345678"), -18, out var eth));
        Assert.Equal(3000.123456789012345678m, eth);
        Assert.True(OracleRules.TryScale(125, 2, out var hundreds));
        Assert.Equal(12500m, hundreds);
        Assert.True(OracleRules.TryScale(-5, -1, out var negative));
        Assert.Equal(-0.5m, negative);
        Assert.False(OracleRules.TryScale(BigInteger.One << 96, 0, out _));
        Assert.False(OracleRules.TryScale(1, -29, out _));
    }

    [Fact]
    public void MedianHandlesOddAndEvenCounts()
    {
        Assert.Equal(2m, OracleRules.Median([3m, 1m, 2m]));
        Assert.Equal(2.5m, OracleRules.Median([4m, 1m, 2m, 3m]));
        Assert.Throws<ArgumentException>(() => OracleRules.Median([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => OracleRules.DeviationBps(0m, 1m));
    }
}
