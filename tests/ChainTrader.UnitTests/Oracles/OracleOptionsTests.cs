using ChainTrader.Core.Oracles;

namespace ChainTrader.UnitTests.Oracles;

public class OracleOptionsTests
{
    private static OracleOptions Read(params (string Key, string Value)[] settings)
    {
        var map = settings.ToDictionary(s => s.Key, s => s.Value);
        return OracleOptions.FromSettings(key => map.GetValueOrDefault(key), SymbolNormalizer.Default.SupportedSymbols);
    }

    [Fact]
    public void DefaultsAreTheSeedsValues()
    {
        var options = Read();
        Assert.Equal(TimeSpan.FromSeconds(30), options.MaxAge);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ChainlinkAgeLimit);
        Assert.Null(options.ChainlinkMaxAge);
        Assert.Equal(50m, options.MaxDeviationBps);
        Assert.Equal(100m, options.PythMaxConfidenceBps);
        Assert.Equal(TimeSpan.FromHours(1), options.SequencerGracePeriod);
        Assert.Equal(TimeSpan.FromSeconds(60), options.HeartbeatTolerance);
        Assert.Equal(2, options.MinSources);
        Assert.Equal(new PriceRange(10_000m, 200_000m), options.SanityRanges["BTC"]);
        Assert.Equal(new PriceRange(100m, 20_000m), options.SanityRanges["ETH"]);
        Assert.Equal(new PriceRange(10m, 1_000m), options.SanityRanges["SOL"]);
        Assert.Equal(new PriceRange(0.9m, 1.1m), options.SanityRanges["USDC"]);
    }

    [Fact]
    public void SettingsOverrideDefaults()
    {
        var options = Read(("ORACLE_MAX_AGE_S", "45"), ("ORACLE_MAX_DEVIATION_BPS", "25.5"), ("CHAINLINK_SANITY_ETH_MIN", "500"),
            ("CHAINLINK_SANITY_ETH_MAX", "9000"), ("PYTH_MAX_CONFIDENCE_BPS", "80"), ("SEQUENCER_GRACE_PERIOD_S", "1800"),
            ("CHAINLINK_MAX_AGE_S", "3700"), ("ORACLE_MIN_SOURCES", "1"));
        Assert.Equal(TimeSpan.FromSeconds(45), options.MaxAge);
        Assert.Equal(25.5m, options.MaxDeviationBps);
        Assert.Equal(new PriceRange(500m, 9000m), options.SanityRanges["ETH"]);
        Assert.Equal(80m, options.PythMaxConfidenceBps);
        Assert.Equal(TimeSpan.FromSeconds(1800), options.SequencerGracePeriod);
        Assert.Equal(TimeSpan.FromSeconds(3700), options.ChainlinkAgeLimit);
        Assert.Equal(1, options.MinSources);
    }

    [Fact]
    public void EveryInvalidSettingIsListed()
    {
        var ex = Assert.Throws<ArgumentException>(() => Read(("ORACLE_MAX_AGE_S", "soon"), ("ORACLE_MAX_DEVIATION_BPS", "0"),
            ("CHAINLINK_SANITY_BTC_MIN", "90000"), ("CHAINLINK_SANITY_BTC_MAX", "80000"), ("ORACLE_MIN_SOURCES", "1.5"),
            ("SEQUENCER_GRACE_PERIOD_S", "-1")));
        Assert.Equal("""
            Invalid oracle settings:
            - CHAINLINK_SANITY_BTC_MIN/MAX must satisfy 0 < min < max; got 90000 and 80000.
            - ORACLE_MAX_AGE_S must be a number; got "soon".
            - ORACLE_MAX_DEVIATION_BPS must be between 0 (exclusive) and 10000 basis points; got "0".
            - SEQUENCER_GRACE_PERIOD_S must be a whole number of seconds; got "-1".
            - ORACLE_MIN_SOURCES must be a whole number from 1 to 100; got "1.5".
            """.ReplaceLineEndings("\n"), ex.Message);
    }

    [Fact]
    public void SymbolWithoutDefaultRangeGetsOneOnlyWhenBothBoundsAreSet()
    {
        var map = new Dictionary<string, string> { ["CHAINLINK_SANITY_ARB_MIN"] = "0.1" };
        var ex = Assert.Throws<ArgumentException>(() => OracleOptions.FromSettings(k => map.GetValueOrDefault(k), ["ARB"]));
        Assert.Contains("CHAINLINK_SANITY_ARB_MIN and CHAINLINK_SANITY_ARB_MAX must be set together.", ex.Message);

        map["CHAINLINK_SANITY_ARB_MAX"] = "10";
        Assert.Equal(new PriceRange(0.1m, 10m), OracleOptions.FromSettings(k => map.GetValueOrDefault(k), ["ARB"]).SanityRanges["ARB"]);
        Assert.Empty(OracleOptions.FromSettings(_ => null, ["OP"]).SanityRanges);
    }
}
