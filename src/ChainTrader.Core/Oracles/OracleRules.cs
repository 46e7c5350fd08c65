using System.Globalization;
using System.Numerics;

namespace ChainTrader.Core.Oracles;

/// <summary>
/// The oracle rules, as pure functions of observations, options and <c>now</c>.
/// <para>
/// Policy: fail closed. A symbol is usable only when every read source passes every rule (age, heartbeat, positive
/// answer, complete round, sanity range, Pyth confidence, L2 sequencer), at least <see cref="OracleOptions.MinSources"/>
/// sources are configured and answered, every pair of them agrees within <see cref="OracleOptions.MaxDeviationBps"/>, and the DEX quote
/// (when given) is within the same bound of the result. The price is the median of the sources: with every pair
/// already within the bound the choice among them matters little, and the median needs no source to be "primary"
/// (so losing one does not change which value is trusted) and ignores one wild source among three.
/// </para>
/// Deviation is |a − b| / min(a, b) in basis points: symmetric in the pair and the stricter of the two relative
/// differences. All arithmetic is decimal (raw on-chain integers are scaled exactly); nothing is a double.
/// </summary>
public static class OracleRules
{
    public static PriceAssessment Assess(OracleInputs inputs, OracleOptions options, DateTimeOffset now, LastGoodPrice? lastGood = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        var symbol = inputs.Symbol;
        foreach (var (other, source) in inputs.Chainlink.Select(o => (o.Symbol, o.Source))
                     .Concat(inputs.Pyth.Select(o => (o.Symbol, o.Source)))
                     .Concat(inputs.Dex is null ? [] : [(inputs.Dex.Symbol, inputs.Dex.Source)]))
        {
            if (other != symbol)
                throw new ArgumentException($"Observation from {source} is for {other}, but this assessment is for {symbol}.", nameof(inputs));
        }

        var failures = new List<OracleRuleFailure>();
        var readings = new List<SourceReading>();
        foreach (var failure in inputs.ReadFailures)
            failures.Add(new OracleRuleFailure(OracleRule.ReadFailed, failure.Source, $"{failure.Source} read failed: {failure.Reason}"));

        var sequencersChecked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var observation in inputs.Chainlink)
        {
            var check = CheckChainlink(observation, options, now);
            var sourceFailures = check.Failures.ToList();
            if (observation.RequiresSequencer)
            {
                var sequencerFailures = CheckSequencer(observation.Sequencer, observation.Chain ?? "(unnamed chain)", options, now);
                sourceFailures.AddRange(sequencerFailures);
                if (sequencersChecked.Add(observation.Chain ?? ""))
                    failures.AddRange(sequencerFailures);
            }
            failures.AddRange(check.Failures);
            readings.Add(check.Reading with { Passed = sourceFailures.Count == 0 });
        }
        foreach (var observation in inputs.Pyth)
        {
            var check = CheckPyth(observation, options, now);
            failures.AddRange(check.Failures);
            readings.Add(check.Reading);
        }

        // Sources that failed a rule are already named; this catches too few sources configured or answering at all.
        var present = readings.Count + inputs.ReadFailures.Count;
        if (present < options.MinSources)
        {
            failures.Add(new OracleRuleFailure(OracleRule.InsufficientSources, $"{symbol}/USD",
                $"{symbol}/USD has {present} source(s); {options.MinSources} required"));
        }
        var passing = readings.Where(r => r.Passed).ToList();
        for (var i = 0; i < passing.Count; i++)
        {
            for (var j = i + 1; j < passing.Count; j++)
            {
                var (a, b) = (passing[i], passing[j]);
                var deviation = DeviationBps(a.Price!.Value, b.Price!.Value);
                if (deviation > options.MaxDeviationBps)
                {
                    failures.Add(new OracleRuleFailure(OracleRule.Deviation, $"{a.Source} vs {b.Source}",
                        $"{a.Source} {Format(a.Price.Value)} vs {b.Source} {Format(b.Price.Value)} differ by {FormatBps(deviation)} bps > max {FormatBps(options.MaxDeviationBps)} bps"));
                }
            }
        }

        decimal? median = passing.Count > 0 ? Median(passing.Select(r => r.Price!.Value).ToList()) : null;
        DexCheck? dex = null;
        if (inputs.Dex is { } quote)
        {
            dex = CheckDexQuote(quote, median, options);
            failures.AddRange(dex.Failures);
        }

        var usable = failures.Count == 0;
        var price = usable ? median : null;
        var newLastGood = usable ? new LastGoodPrice(price!.Value, now, passing.Select(r => r.Source).ToArray()) : lastGood;
        return new PriceAssessment(symbol, usable ? PriceVerdict.Usable : PriceVerdict.NotUsable, price, failures, readings, dex, newLastGood, now);
    }

    public static SourceCheck CheckChainlink(ChainlinkObservation observation, OracleOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(options);
        if (observation.Heartbeat <= TimeSpan.Zero)
            throw new ArgumentException($"{observation.Source}: heartbeat must be positive; got {observation.Heartbeat}.", nameof(observation));
        var source = observation.Source;
        var failures = new List<OracleRuleFailure>();

        if (observation.UpdatedAt.IsZero)
            failures.Add(new(OracleRule.IncompleteRound, source, $"{source} round {observation.RoundId} is incomplete: updatedAt is 0"));
        if (observation.AnsweredInRound < observation.RoundId)
            failures.Add(new(OracleRule.IncompleteRound, source,
                $"{source} answeredInRound {observation.AnsweredInRound} < roundId {observation.RoundId}: the answer was carried over from an earlier round"));
        if (observation.Answer.Sign <= 0)
            failures.Add(new(OracleRule.NonPositive, source, $"{source} answer {observation.Answer} is not positive"));

        DateTimeOffset? updatedAt = null;
        TimeSpan? age = null;
        if (!observation.UpdatedAt.IsZero)
        {
            updatedAt = FromUnix(observation.UpdatedAt);
            if (updatedAt is null)
            {
                failures.Add(new(OracleRule.FutureTimestamp, source, $"{source} updatedAt {observation.UpdatedAt} is not a valid time"));
            }
            else
            {
                age = now - updatedAt.Value;
                CheckAge(source, age.Value, options.ChainlinkAgeLimit, options, failures);
                var heartbeatLimit = observation.Heartbeat + options.HeartbeatTolerance;
                if (age > heartbeatLimit)
                {
                    failures.Add(new(OracleRule.Stale, source,
                        $"{source} age {Seconds(age.Value)} s > heartbeat {Seconds(observation.Heartbeat)} s + {Seconds(options.HeartbeatTolerance)} s tolerance"));
                }
            }
        }

        var price = PriceOf(source, observation.Answer, -observation.Decimals, observation.Symbol, options, failures);
        var reading = new SourceReading(source, OracleSourceKind.Chainlink, price, updatedAt, age, $"round {observation.RoundId}", failures.Count == 0);
        return new SourceCheck(reading, failures);
    }

    public static SourceCheck CheckPyth(PythObservation observation, OracleOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(options);
        var source = observation.Source;
        var failures = new List<OracleRuleFailure>();

        if (observation.Price.Sign <= 0)
            failures.Add(new(OracleRule.NonPositive, source, $"{source} price {observation.Price} is not positive"));
        var publishedAt = FromUnix(observation.PublishTime);
        TimeSpan? age = null;
        if (publishedAt is null)
        {
            failures.Add(new(OracleRule.FutureTimestamp, source, $"{source} publish_time {observation.PublishTime} is not a valid time"));
        }
        else
        {
            age = now - publishedAt.Value;
            CheckAge(source, age.Value, options.MaxAge, options, failures);
        }

        if (observation.Conf.Sign < 0)
        {
            failures.Add(new(OracleRule.WideConfidence, source, $"{source} confidence {observation.Conf} is negative"));
        }
        else if (observation.Price.Sign > 0)
        {
            // conf and price share the exponent, so their ratio needs no scaling.
            var confidenceBps = Ratio(observation.Conf, observation.Price) * 10_000m;
            if (confidenceBps > options.PythMaxConfidenceBps)
            {
                failures.Add(new(OracleRule.WideConfidence, source,
                    $"{source} confidence ±{FormatBps(confidenceBps)} bps of price > max {FormatBps(options.PythMaxConfidenceBps)} bps"));
            }
        }

        var price = PriceOf(source, observation.Price, observation.Expo, observation.Symbol, options, failures);
        var reading = new SourceReading(source, OracleSourceKind.Pyth, price, publishedAt, age, $"publish_time {observation.PublishTime}", failures.Count == 0);
        return new SourceCheck(reading, failures);
    }

    /// <summary>
    /// An L2 price is trusted only while the sequencer reports up (answer 0) and has been up for longer than the grace
    /// period (Chainlink's reference consumer rejects <c>timeSinceUp &lt;= GRACE_PERIOD_TIME</c>; so does this).
    /// </summary>
    public static IReadOnlyList<OracleRuleFailure> CheckSequencer(SequencerObservation? observation, string chain, OracleOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (observation is null)
            return [new(OracleRule.SequencerMissing, $"sequencer on {chain}", $"sequencer on {chain} was not read; prices on {chain} are not trusted without it")];
        var source = observation.Source;
        if (observation.Answer == BigInteger.One)
        {
            var since = FromUnix(observation.StartedAt) is { } at ? $" since {at:yyyy-MM-dd HH:mm:ss}Z" : "";
            return [new(OracleRule.SequencerDown, source, $"{source} is down{since}")];
        }
        if (!observation.Answer.IsZero)
            return [new(OracleRule.SequencerInvalid, source, $"{source} answered {observation.Answer}; expected 0 (up) or 1 (down)")];
        if (observation.StartedAt.IsZero)
            return [new(OracleRule.SequencerInvalid, source, $"{source} startedAt is 0 (invalid round)")];
        if (FromUnix(observation.StartedAt) is not { } startedAt)
            return [new(OracleRule.SequencerInvalid, source, $"{source} startedAt {observation.StartedAt} is not a valid time")];
        var upFor = now - startedAt;
        if (upFor <= options.SequencerGracePeriod)
        {
            return [new(OracleRule.SequencerGracePeriod, source,
                $"{source} up for {Seconds(upFor)} s <= grace period {Seconds(options.SequencerGracePeriod)} s")];
        }
        return [];
    }

    /// <summary>The quote's implied USD price and whether it is within the deviation bound of <paramref name="oraclePrice"/>.</summary>
    public static DexCheck CheckDexQuote(DexQuote quote, decimal? oraclePrice, OracleOptions options)
    {
        ArgumentNullException.ThrowIfNull(quote);
        ArgumentNullException.ThrowIfNull(options);
        var source = quote.Source;
        if (quote.AmountIn.Sign <= 0 || quote.AmountOut.Sign <= 0)
            return new DexCheck(source, null, null, [new(OracleRule.DexInvalid, source, $"{source} quote {quote.AmountIn} in → {quote.AmountOut} out is empty")]);
        if (!TryScale(quote.AmountIn, -quote.DecimalsIn, out var amountIn) || !TryScale(quote.AmountOut, -quote.DecimalsOut, out var amountOut))
            return new DexCheck(source, null, null, [new(OracleRule.DexInvalid, source, $"{source} quote amounts cannot be represented as decimals")]);

        var implied = quote.SellsSymbol ? amountOut / amountIn : amountIn / amountOut;
        if (oraclePrice is not { } reference)
            return new DexCheck(source, implied, null, []);
        var deviation = DeviationBps(implied, reference);
        if (deviation <= options.MaxDeviationBps)
            return new DexCheck(source, implied, deviation, []);
        return new DexCheck(source, implied, deviation, [new(OracleRule.DexOutlier, source,
            $"{source} implied {quote.Symbol}/USD {Format(implied)} vs oracle {Format(reference)} differ by {FormatBps(deviation)} bps > max {FormatBps(options.MaxDeviationBps)} bps")]);
    }

    /// <summary>|a − b| / min(a, b) in basis points; both must be positive.</summary>
    public static decimal DeviationBps(decimal a, decimal b)
    {
        if (a <= 0 || b <= 0)
            throw new ArgumentOutOfRangeException(a <= 0 ? nameof(a) : nameof(b), "Deviation is defined for positive prices only.");
        return Math.Abs(a - b) / Math.Min(a, b) * 10_000m;
    }

    /// <summary>The middle value; for an even count the mean of the two middle values.</summary>
    public static decimal Median(IReadOnlyList<decimal> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
            throw new ArgumentException("The median of no values is undefined.", nameof(values));
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2m;
    }

    /// <summary>raw × 10^exponent as an exact decimal; false if it does not fit (more than 28 fractional digits or 96 bits).</summary>
    public static bool TryScale(BigInteger raw, int exponent, out decimal value)
    {
        value = 0m;
        if (exponent > 0)
        {
            if (exponent > 28)
                return false;
            raw *= BigInteger.Pow(10, exponent);
            exponent = 0;
        }
        var scale = -exponent;
        if (scale > 28)
            return false;
        var magnitude = BigInteger.Abs(raw);
        if (magnitude.GetBitLength() > 96)
            return false;
        var bytes = new byte[12];
        magnitude.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        value = new decimal(BitConverter.ToInt32(bytes, 0), BitConverter.ToInt32(bytes, 4), BitConverter.ToInt32(bytes, 8), raw.Sign < 0, (byte)scale);
        return true;
    }

    /// <summary>A price for display: invariant culture, no trailing zeros.</summary>
    public static string Format(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    private static string FormatBps(decimal bps) => bps.ToString("0.##", CultureInfo.InvariantCulture);

    private static long Seconds(TimeSpan span) => (long)Math.Floor(span.TotalSeconds);

    private static void CheckAge(string source, TimeSpan age, TimeSpan limit, OracleOptions options, List<OracleRuleFailure> failures)
    {
        if (age < -options.MaxClockSkew)
            failures.Add(new(OracleRule.FutureTimestamp, source, $"{source} timestamp is {Seconds(-age)} s in the future (max clock skew {Seconds(options.MaxClockSkew)} s)"));
        else if (age > limit)
            failures.Add(new(OracleRule.Stale, source, $"{source} age {Seconds(age)} s > max {Seconds(limit)} s"));
    }

    private static decimal? PriceOf(string source, BigInteger raw, int exponent, string symbol, OracleOptions options, List<OracleRuleFailure> failures)
    {
        if (raw.Sign <= 0)
            return null;
        if (!TryScale(raw, exponent, out var price))
        {
            failures.Add(new(OracleRule.Unrepresentable, source, $"{source} value {raw} × 10^{exponent} cannot be represented as a decimal"));
            return null;
        }
        if (!options.SanityRanges.TryGetValue(symbol, out var range))
            failures.Add(new(OracleRule.SanityRange, source, $"{source} has no sanity range configured for {symbol} (set CHAINLINK_SANITY_{symbol}_MIN/MAX)"));
        else if (!range.Contains(price))
            failures.Add(new(OracleRule.SanityRange, source, $"{source} {Format(price)} outside sanity range {range}"));
        return price;
    }

    private static decimal Ratio(BigInteger numerator, BigInteger denominator)
    {
        // Both fit in 96 bits for any real feed (Hermes sends 64-bit integers); wider values are scaled down together.
        var shift = Math.Max(0, (int)Math.Max(numerator.GetBitLength(), denominator.GetBitLength()) - 96);
        TryScale(numerator >> shift, 0, out var n);
        TryScale(denominator >> shift, 0, out var d);
        return d == 0 ? decimal.MaxValue : n / d;
    }

    private static DateTimeOffset? FromUnix(BigInteger seconds)
        => seconds.Sign >= 0 && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds() ? DateTimeOffset.FromUnixTimeSeconds((long)seconds) : null;
}
