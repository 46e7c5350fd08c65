using System.Globalization;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Oracles;
using ChainTrader.Core.Risk;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Alerts;
using ChainTrader.Application.Operations;

namespace ChainTrader.Application.Configuration;

/// <summary>
/// The seeds' configuration sanity checks, run at start by <see cref="ChainTraderOptionsValidator"/> next to the
/// per-setting checks: unreadable or unsafe values, contradictions between limits, settings of the seed bots that are
/// renamed or have no effect here, and the extra demands of LIVE mode. Every problem is reported, each naming the
/// setting to change; a secret's value never appears in a message.
/// </summary>
public static class ConfigurationSafety
{
    /// <summary>Above this share of NAV at risk a LIVE desk is refused (the seeds' "high exposure" check).</summary>
    public const decimal LiveMaxTotalAtRiskPercent = 50m;

    /// <summary>Price impact (the AMM's spread) beyond 10 % is never a price worth taking.</summary>
    public const int MaxSafePriceImpactBps = 1000;

    /// <summary>An oracle age bound beyond 5 minutes lets LIVE trade on stale prices.</summary>
    public static readonly TimeSpan LiveMaxOracleAge = TimeSpan.FromMinutes(5);

    /// <summary>Seed-bot setting names and what replaces them here (null: removed, with the reason).</summary>
    public static IReadOnlyDictionary<string, (string? Replacement, string Note)> DeprecatedKeys { get; } =
        new Dictionary<string, (string?, string)>(StringComparer.OrdinalIgnoreCase)
        {
            ["MAX_EXPOSURE_PCT"] = (RiskSettings.MaxTotalAtRiskPct, "the share of NAV at risk in open positions"),
            ["MAX_POSITION_SIZE_USD"] = (RiskSettings.HardCapUsd, "the hard cap on one position in USD"),
            ["MAX_ACCOUNT_RISK_PCT"] = ("MAX_ACCOUNT_RISK_PER_POSITION_PCT", "now in percent: 10 means 10 %, where the seed wrote 0.10"),
            ["LIQUIDATION_BUFFER_PCT"] = ("MIN_LIQUIDATION_BUFFER_PCT", "now in percent: 5 means 5 %, where the seed wrote 0.05"),
            ["MAX_DAILY_LOSS_PCT"] = ("MAX_DAILY_LOSS_LEVERAGED_PCT", "now in percent: 20 means 20 %, where the seed wrote 0.20"),
            ["DEFAULT_EXECUTION_MODE"] = ("EXECUTION_MODE", "DRY_RUN, PAPER or LIVE"),
            ["TRADER_PRIVATE_KEY"] = ("SIGNER_PRIVATE_KEY", "a Key Vault reference in Azure, never the key in plain text"),
            ["CACHE_TTL_SECONDS"] = (null, "prices are read fresh on every poll; ORACLE_MAX_AGE_S bounds how old a price may be"),
            ["HEALTH_PORT"] = (null, "/healthz and /readyz are served on the app's own port"),
            ["LOG_JSON"] = (null, "logs are always JSON lines"),
            ["BINANCE_API_KEY"] = (null, "this desk trades on-chain through the signer wallet and has no exchange account"),
            ["BINANCE_API_SECRET"] = (null, "this desk trades on-chain through the signer wallet and has no exchange account"),
        };

    /// <summary>
    /// Seed-bot features this desk does not have. Setting them would suggest a protection that does not exist, so they
    /// are refused rather than ignored.
    /// </summary>
    public static IReadOnlyDictionary<string, string> UnsupportedKeys { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["STOP_LOSS_PCT"] = "this desk places no automatic stop-loss exits; the loss breakers are DAILY_STOP_PCT, WEEKLY_STOP_PCT and MAX_DRAWDOWN_PCT",
        ["TAKE_PROFIT_PCT"] = "this desk places no automatic take-profit exits; traders sell with /sell",
        ["PYRAMIDING_ENABLED"] = "this desk has no pyramiding; adding to a held symbol is an ordinary /buy under MAX_POSITION_PCT and MIN_SECONDS_BETWEEN_SAME_SYMBOL",
        ["PYRAMID_MAX_ADDS"] = "this desk has no pyramiding; adding to a held symbol is an ordinary /buy under MAX_POSITION_PCT and MIN_SECONDS_BETWEEN_SAME_SYMBOL",
        ["MAX_PYRAMID_POSITIONS"] = "this desk has no pyramiding; adding to a held symbol is an ordinary /buy under MAX_POSITION_PCT and MIN_SECONDS_BETWEEN_SAME_SYMBOL",
    };

    /// <summary>The PnL breaker settings a LIVE desk must state explicitly instead of inheriting defaults.</summary>
    public static IReadOnlyList<string> LiveBreakerSettings { get; } = [RiskSettings.DailyStopPct, RiskSettings.WeeklyStopPct, RiskSettings.MaxDrawdownPct];

    public static void Check(ChainTraderOptions options, IConfiguration configuration, List<string> problems)
    {
        var limits = RiskSettings.Bind(configuration, problems);
        problems.AddRange(RiskSettings.Problems(limits));
        UnsafeValues(limits, problems);
        OperationsOptions.Read(configuration, problems);
        AlertOptions.PolicyFromConfiguration(configuration, problems);
        if (UserDirectory.ParseIdList(options.AdminUserIds, "ADMIN_USER_IDS", []).Count > 0 && string.IsNullOrWhiteSpace(options.AdminChatId))
            problems.Add(AlertOptions.MissingChat);
        var oracle = Oracle(configuration, problems);
        KeysFromTheSeeds(configuration, problems);
        if (ExecutionModes.TryParse(options.ExecutionMode, out var mode) && mode == ExecutionMode.Live)
            Live(options, configuration, limits, oracle, problems);
    }

    private static void UnsafeValues(RiskLimits limits, List<string> problems)
    {
        if (limits.MinNotionalUsd > limits.MaxPositionUsd)
            problems.Add(Invariant($"{RiskSettings.MinNotionalUsd} ({limits.MinNotionalUsd}) is above {RiskSettings.HardCapUsd} ({limits.MaxPositionUsd}): the smallest order allowed is larger than the largest, so no order can pass."));
        if (limits.MaxPriceImpactBps > MaxSafePriceImpactBps)
            problems.Add(Invariant($"{RiskSettings.MaxPriceImpactBps}: {limits.MaxPriceImpactBps} bps accepts a spread over 10 % ({MaxSafePriceImpactBps} bps); that is never a fair price."));
    }

    private static OracleOptions? Oracle(IConfiguration configuration, List<string> problems)
    {
        try
        {
            return OracleOptions.FromSettings(key => configuration[key], SymbolNormalizer.Default.SupportedSymbols);
        }
        catch (ArgumentException ex)
        {
            problems.AddRange(ex.Message.Split('\n').Skip(1).Select(line => line.TrimStart('-', ' ')));
            return null;
        }
    }

    private static void KeysFromTheSeeds(IConfiguration configuration, List<string> problems)
    {
        foreach (var (key, (replacement, note)) in DeprecatedKeys)
        {
            if (configuration[key] is null) continue;
            problems.Add(replacement is null
                ? $"{key}: deprecated and removed ({note}); delete it."
                : $"{key}: deprecated; use {replacement} instead ({note}).");
        }
        foreach (var child in configuration.GetSection(RiskLimits.SectionName).GetChildren())
        {
            problems.Add(RiskSettings.NameOf(child.Key) is { } flat
                ? $"{RiskLimits.SectionName}:{child.Key}: the {RiskLimits.SectionName} section is not read; use {flat} instead."
                : $"{RiskLimits.SectionName}:{child.Key}: not a risk limit; the risk settings are {string.Join(", ", RiskSettings.Names)}.");
        }
        foreach (var (key, reason) in UnsupportedKeys)
        {
            if (configuration[key] is not null)
                problems.Add($"{key}: not a setting of this desk ({reason}); delete it.");
        }
    }

    private static void Live(ChainTraderOptions options, IConfiguration configuration, RiskLimits limits, OracleOptions? oracle, List<string> problems)
    {
        const string live = "EXECUTION_MODE is LIVE";
        if (limits.MaxTotalAtRiskPercentOfNav > LiveMaxTotalAtRiskPercent)
            problems.Add(Invariant($"{RiskSettings.MaxTotalAtRiskPct}: {limits.MaxTotalAtRiskPercentOfNav} % of NAV at risk is high exposure for LIVE (at most {LiveMaxTotalAtRiskPercent} %)."));
        foreach (var breaker in LiveBreakerSettings.Where(b => string.IsNullOrWhiteSpace(configuration[b])))
            problems.Add($"{breaker}: not set; {live}, so every loss breaker ({string.Join(", ", LiveBreakerSettings)}) must be set explicitly.");
        if (oracle is not null && oracle.MaxAge > LiveMaxOracleAge)
            problems.Add(Invariant($"ORACLE_MAX_AGE_S: {oracle.MaxAge.TotalSeconds} s lets LIVE trade on prices older than {LiveMaxOracleAge.TotalSeconds} s."));
        if (UserDirectory.ParseIdList(options.AdminUserIds, "ADMIN_USER_IDS", []).Count == 0)
            problems.Add($"ADMIN_USER_IDS: empty; {live}, so someone must receive the alerts and be able to stop trading.");
        if (string.IsNullOrWhiteSpace(configuration["SIGNER_PRIVATE_KEY"]))
            problems.Add($"SIGNER_PRIVATE_KEY: not set; {live} and nothing can be signed without it.");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
