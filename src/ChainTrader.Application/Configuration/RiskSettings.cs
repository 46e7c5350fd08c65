using System.Globalization;
using System.Text.RegularExpressions;
using ChainTrader.Core.Risk;

namespace ChainTrader.Application.Configuration;

/// <summary>
/// <see cref="RiskLimits"/> from flat settings (defaults: the conservative profile). Percentages are percent (3 = 3 %),
/// like the limits themselves. <see cref="Problems"/> reports <see cref="RiskLimits.Problems"/> under these names.
/// </summary>
public static partial class RiskSettings
{
    private sealed record Setting(string Name, string Property, Func<RiskLimits, string> Show, Func<RiskLimits, SettingReader, RiskLimits> Read);

    private static readonly Setting[] All =
    [
        Int("MAX_OPENS_PER_MIN", nameof(RiskLimits.MaxOpensPerMinute), l => l.MaxOpensPerMinute, (l, v) => l with { MaxOpensPerMinute = v }),
        Int("MAX_USER_TRADES_PER_DAY", nameof(RiskLimits.MaxUserTradesPerDay), l => l.MaxUserTradesPerDay, (l, v) => l with { MaxUserTradesPerDay = v }),
        Dec("MAX_USER_VOLUME_PER_HOUR_USD", nameof(RiskLimits.MaxUserVolumePerHourUsd), l => l.MaxUserVolumePerHourUsd, (l, v) => l with { MaxUserVolumePerHourUsd = v }),
        Int("MAX_TRADES_PER_DAY", nameof(RiskLimits.MaxTradesPerDay), l => l.MaxTradesPerDay, (l, v) => l with { MaxTradesPerDay = v }),
        Int("MAX_TRADES_PER_HOUR", nameof(RiskLimits.MaxTradesPerHour), l => l.MaxTradesPerHour, (l, v) => l with { MaxTradesPerHour = v }),
        Secs("MIN_SECONDS_BETWEEN_TRADES", nameof(RiskLimits.MinTimeBetweenTrades), l => l.MinTimeBetweenTrades, (l, v) => l with { MinTimeBetweenTrades = v }),
        Secs("MIN_SECONDS_BETWEEN_SAME_SYMBOL", nameof(RiskLimits.MinTimeBetweenSameSymbol), l => l.MinTimeBetweenSameSymbol, (l, v) => l with { MinTimeBetweenSameSymbol = v }),
        Dec(MaxTotalAtRiskPct, nameof(RiskLimits.MaxTotalAtRiskPercentOfNav), l => l.MaxTotalAtRiskPercentOfNav, (l, v) => l with { MaxTotalAtRiskPercentOfNav = v }),
        Int("MAX_POSITIONS", nameof(RiskLimits.MaxOpenPositions), l => l.MaxOpenPositions, (l, v) => l with { MaxOpenPositions = v }),
        Dec("MAX_POSITION_PCT", nameof(RiskLimits.MaxPositionPercentOfNav), l => l.MaxPositionPercentOfNav, (l, v) => l with { MaxPositionPercentOfNav = v }),
        Dec(HardCapUsd, nameof(RiskLimits.MaxPositionUsd), l => l.MaxPositionUsd, (l, v) => l with { MaxPositionUsd = v }),
        Dec(DailyStopPct, nameof(RiskLimits.DailyStopLossPercent), l => l.DailyStopLossPercent, (l, v) => l with { DailyStopLossPercent = v }),
        Dec(WeeklyStopPct, nameof(RiskLimits.WeeklyStopLossPercent), l => l.WeeklyStopLossPercent, (l, v) => l with { WeeklyStopLossPercent = v }),
        Dec(MaxDrawdownPct, nameof(RiskLimits.MaxDrawdownPercent), l => l.MaxDrawdownPercent, (l, v) => l with { MaxDrawdownPercent = v }),
        Dec(MinNotionalUsd, nameof(RiskLimits.MinNotionalUsd), l => l.MinNotionalUsd, (l, v) => l with { MinNotionalUsd = v }),
        Int("MAX_SLIPPAGE_BPS", nameof(RiskLimits.MaxSlippageBps), l => l.MaxSlippageBps, (l, v) => l with { MaxSlippageBps = v }),
        Int(MaxPriceImpactBps, nameof(RiskLimits.MaxPriceImpactBps), l => l.MaxPriceImpactBps, (l, v) => l with { MaxPriceImpactBps = v }),
        Dec("MAX_GAS_PCT_OF_NOTIONAL", nameof(RiskLimits.MaxGasPercentOfNotional), l => l.MaxGasPercentOfNotional, (l, v) => l with { MaxGasPercentOfNotional = v }),
        Dec("MAX_LEVERAGE", nameof(RiskLimits.MaxLeverage), l => l.MaxLeverage, (l, v) => l with { MaxLeverage = v }),
        Dec("MIN_LIQUIDATION_BUFFER_PCT", nameof(RiskLimits.MinLiquidationBufferPercent), l => l.MinLiquidationBufferPercent, (l, v) => l with { MinLiquidationBufferPercent = v }),
        Dec("MAX_ACCOUNT_RISK_PER_POSITION_PCT", nameof(RiskLimits.MaxAccountRiskPerPositionPercent), l => l.MaxAccountRiskPerPositionPercent, (l, v) => l with { MaxAccountRiskPerPositionPercent = v }),
        Dec("MAX_DAILY_LOSS_LEVERAGED_PCT", nameof(RiskLimits.MaxDailyLossPercentLeveraged), l => l.MaxDailyLossPercentLeveraged, (l, v) => l with { MaxDailyLossPercentLeveraged = v }),
    ];

    public const string MaxTotalAtRiskPct = "MAX_TOTAL_AT_RISK_PCT";
    public const string HardCapUsd = "HARD_CAP_USD";
    public const string DailyStopPct = "DAILY_STOP_PCT";
    public const string WeeklyStopPct = "WEEKLY_STOP_PCT";
    public const string MaxDrawdownPct = "MAX_DRAWDOWN_PCT";
    public const string MinNotionalUsd = "MIN_NOTIONAL_USD";
    public const string MaxPriceImpactBps = "MAX_PRICE_IMPACT_BPS";

    /// <summary>Every risk setting name, in declaration order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(s => s.Name).ToArray();

    /// <summary>The setting name of a <see cref="RiskLimits"/> property, or null when there is none.</summary>
    public static string? NameOf(string property) =>
        All.FirstOrDefault(s => string.Equals(s.Property, property, StringComparison.OrdinalIgnoreCase))?.Name;

    /// <summary>The limits the settings give; unreadable values are added to <paramref name="problems"/> and keep their default.</summary>
    public static RiskLimits Bind(IConfiguration configuration, List<string> problems)
    {
        var reader = new SettingReader(configuration, problems);
        return All.Aggregate(new RiskLimits(), (limits, setting) => setting.Read(limits, reader));
    }

    /// <summary><see cref="RiskLimits.Problems"/> with each property name replaced by the setting an operator would change.</summary>
    public static IEnumerable<string> Problems(RiskLimits limits) =>
        limits.Problems().Select(problem => PropertyName().Replace(problem, match =>
            All.FirstOrDefault(s => s.Property == match.Groups["property"].Value)?.Name ?? match.Value));

    public static IEnumerable<EffectiveSetting> Describe(RiskLimits limits) =>
        All.Select(s => new EffectiveSetting(s.Name, s.Show(limits)));

    private static Setting Int(string name, string property, Func<RiskLimits, int> get, Func<RiskLimits, int, RiskLimits> set) =>
        new(name, property, l => get(l).ToString(CultureInfo.InvariantCulture), (l, r) => set(l, r.Int(name, get(l), int.MinValue, int.MaxValue)));

    private static Setting Dec(string name, string property, Func<RiskLimits, decimal> get, Func<RiskLimits, decimal, RiskLimits> set) =>
        new(name, property, l => get(l).ToString(CultureInfo.InvariantCulture), (l, r) => set(l, r.Decimal(name, get(l))));

    private static Setting Secs(string name, string property, Func<RiskLimits, TimeSpan> get, Func<RiskLimits, TimeSpan, RiskLimits> set) =>
        new(name, property, l => ((long)get(l).TotalSeconds).ToString(CultureInfo.InvariantCulture),
            (l, r) => set(l, r.Seconds(name, get(l), int.MinValue, int.MaxValue)));

    [GeneratedRegex(@"\b(?:Risk:)?(?<property>[A-Z][A-Za-z]+)\b")]
    private static partial Regex PropertyName();
}
