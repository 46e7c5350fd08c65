using System.Globalization;

namespace ChainTrader.Core.Oracles;

/// <summary>
/// Every threshold the oracle rules use. Defaults are the seeds' (30 s, 50 bps, the sanity ranges) plus the choices
/// documented on each property. Built from settings with <see cref="FromSettings"/>.
/// </summary>
public sealed record OracleOptions
{
    /// <summary>ORACLE_MAX_AGE_S: the oldest price any source may have (30 s for trading).</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// CHAINLINK_MAX_AGE_S: overrides <see cref="MaxAge"/> for Chainlink feeds only. Unset means <see cref="MaxAge"/> applies.
    /// Chainlink feeds update on deviation or heartbeat (20 min to 24 h), so a 30 s bound rejects them whenever the
    /// market is calm; operators who want Chainlink usable in calm markets set this (the heartbeat still bounds it).
    /// </summary>
    public TimeSpan? ChainlinkMaxAge { get; init; }

    /// <summary>
    /// ORACLE_HEARTBEAT_TOLERANCE_S: slack on top of a feed's heartbeat. Chainlink documents that the heartbeat round can
    /// take about 40 s to land on chain; 60 s covers that without accepting a missed round.
    /// </summary>
    public TimeSpan HeartbeatTolerance { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>ORACLE_MAX_CLOCK_SKEW_S: how far in the future a timestamp may be before it counts as bogus.</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>ORACLE_MAX_DEVIATION_BPS: how far sources (and the DEX quote) may differ, in basis points.</summary>
    public decimal MaxDeviationBps { get; init; } = 50m;

    /// <summary>
    /// PYTH_MAX_CONFIDENCE_BPS: the widest Pyth confidence interval accepted, as conf/price in basis points. 100 bps
    /// (1 %) is twice the cross-source bound: a price whose own publishers disagree by more than the tolerance we demand
    /// between sources is not a price to trade on. Majors normally publish well under 10 bps; Pyth's own sponsored-feed
    /// configuration uses the same 1 % as its confidence ratio.
    /// </summary>
    public decimal PythMaxConfidenceBps { get; init; } = 100m;

    /// <summary>SEQUENCER_GRACE_PERIOD_S: how long after an L2 sequencer comes back up its prices stay untrusted.</summary>
    public TimeSpan SequencerGracePeriod { get; init; } = TimeSpan.FromSeconds(3600);

    /// <summary>ORACLE_MIN_SOURCES: how many sources must pass every rule; 2 means one is always cross-checked.</summary>
    public int MinSources { get; init; } = 2;

    /// <summary>CHAINLINK_SANITY_&lt;SYM&gt;_MIN/MAX per canonical symbol. A symbol without a range is never usable.</summary>
    public IReadOnlyDictionary<string, PriceRange> SanityRanges { get; init; } = DefaultSanityRanges;

    public static IReadOnlyDictionary<string, PriceRange> DefaultSanityRanges { get; } = new Dictionary<string, PriceRange>(StringComparer.Ordinal)
    {
        ["BTC"] = new(10_000m, 200_000m),
        ["ETH"] = new(100m, 20_000m),
        ["SOL"] = new(10m, 1_000m),
        // A stablecoin outside ±10 % has de-pegged: trading against it at "1 USD" would be wrong either way.
        ["USDC"] = new(0.9m, 1.1m),
        ["BNB"] = new(10m, 10_000m),
    };

    public TimeSpan ChainlinkAgeLimit => ChainlinkMaxAge ?? MaxAge;

    /// <summary>
    /// Reads the settings named on each property through <paramref name="setting"/> (for example
    /// <c>key =&gt; configuration[key]</c>); unset keys keep their defaults. Sanity ranges are read for every symbol in
    /// <paramref name="symbols"/>. Throws <see cref="ArgumentException"/> listing every invalid setting.
    /// </summary>
    public static OracleOptions FromSettings(Func<string, string?> setting, IEnumerable<string> symbols)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(symbols);
        var problems = new List<string>();
        var defaults = new OracleOptions();

        var ranges = new Dictionary<string, PriceRange>(StringComparer.Ordinal);
        foreach (var symbol in symbols)
        {
            var fallback = DefaultSanityRanges.GetValueOrDefault(symbol);
            var min = Number($"CHAINLINK_SANITY_{symbol}_MIN", fallback?.Min);
            var max = Number($"CHAINLINK_SANITY_{symbol}_MAX", fallback?.Max);
            if (min is null && max is null)
                continue;
            if (min is null || max is null)
                problems.Add($"CHAINLINK_SANITY_{symbol}_MIN and CHAINLINK_SANITY_{symbol}_MAX must be set together.");
            else if (min <= 0 || max <= min)
                problems.Add($"CHAINLINK_SANITY_{symbol}_MIN/MAX must satisfy 0 < min < max; got {min} and {max}.");
            else
                ranges[symbol] = new PriceRange(min.Value, max.Value);
        }

        var options = new OracleOptions
        {
            MaxAge = Seconds("ORACLE_MAX_AGE_S", defaults.MaxAge, allowZero: false),
            ChainlinkMaxAge = setting("CHAINLINK_MAX_AGE_S") is { Length: > 0 } ? Seconds("CHAINLINK_MAX_AGE_S", defaults.MaxAge, allowZero: false) : null,
            HeartbeatTolerance = Seconds("ORACLE_HEARTBEAT_TOLERANCE_S", defaults.HeartbeatTolerance, allowZero: true),
            MaxClockSkew = Seconds("ORACLE_MAX_CLOCK_SKEW_S", defaults.MaxClockSkew, allowZero: true),
            MaxDeviationBps = Bps("ORACLE_MAX_DEVIATION_BPS", defaults.MaxDeviationBps),
            PythMaxConfidenceBps = Bps("PYTH_MAX_CONFIDENCE_BPS", defaults.PythMaxConfidenceBps),
            SequencerGracePeriod = Seconds("SEQUENCER_GRACE_PERIOD_S", defaults.SequencerGracePeriod, allowZero: true),
            MinSources = ReadMinSources(),
            SanityRanges = ranges,
        };

        if (problems.Count > 0)
            throw new ArgumentException("Invalid oracle settings:\n- " + string.Join("\n- ", problems));
        return options;

        decimal? Number(string key, decimal? fallback)
        {
            var text = setting(key);
            if (string.IsNullOrWhiteSpace(text))
                return fallback;
            if (decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                return value;
            problems.Add($"{key} must be a number; got \"{text}\".");
            return fallback;
        }

        TimeSpan Seconds(string key, TimeSpan fallback, bool allowZero)
        {
            var value = Number(key, (decimal)fallback.TotalSeconds);
            if (value is null || value < 0 || (!allowZero && value == 0) || value != decimal.Truncate(value.Value) || value > int.MaxValue)
            {
                problems.Add($"{key} must be a whole number of seconds{(allowZero ? "" : " above 0")}; got \"{setting(key)}\".");
                return fallback;
            }
            return TimeSpan.FromSeconds((long)value.Value);
        }

        int ReadMinSources()
        {
            var value = Number("ORACLE_MIN_SOURCES", defaults.MinSources);
            if (value is { } count && count >= 1 && count <= 100 && count == decimal.Truncate(count))
                return (int)count;
            problems.Add($"ORACLE_MIN_SOURCES must be a whole number from 1 to 100; got \"{setting("ORACLE_MIN_SOURCES")}\".");
            return defaults.MinSources;
        }

        decimal Bps(string key, decimal fallback)
        {
            var value = Number(key, fallback) ?? fallback;
            if (value > 0 && value <= 10_000)
                return value;
            problems.Add($"{key} must be between 0 (exclusive) and 10000 basis points; got \"{setting(key)}\".");
            return fallback;
        }
    }
}
