namespace ChainTrader.Core.Risk;

/// <summary>
/// Every limit the risk engine enforces (SPEC §5), defaulting to the seeds' conservative profile. Bind it from
/// configuration section <see cref="SectionName"/> and call <see cref="Problems"/> at start: a non-empty list means
/// the configuration is unsafe or contradictory. Percentages are in percent (3 means 3 %), spreads in basis points.
/// </summary>
public sealed record RiskLimits
{
    public const string SectionName = "Risk";

    // Per-user rate limits (rolling windows).
    public int MaxOpensPerMinute { get; init; } = 5;
    public int MaxUserTradesPerDay { get; init; } = 50;
    public decimal MaxUserVolumePerHourUsd { get; init; } = 10_000m;

    // Desk pacing (rolling windows over every trade of the desk's portfolio).
    public int MaxTradesPerDay { get; init; } = 15;
    public int MaxTradesPerHour { get; init; } = 5;
    public TimeSpan MinTimeBetweenTrades { get; init; } = TimeSpan.FromSeconds(180);
    public TimeSpan MinTimeBetweenSameSymbol { get; init; } = TimeSpan.FromSeconds(900);

    // Position and exposure caps (applied to Buys, which add risk).
    public decimal MaxTotalAtRiskPercentOfNav { get; init; } = 25m;
    public int MaxOpenPositions { get; init; } = 5;
    public decimal MaxPositionPercentOfNav { get; init; } = 3m;
    public decimal MaxPositionUsd { get; init; } = 100_000m;

    // PnL breakers: a stop trips when the loss reaches the limit.
    public decimal DailyStopLossPercent { get; init; } = 3m;
    public decimal WeeklyStopLossPercent { get; init; } = 7m;
    public decimal MaxDrawdownPercent { get; init; } = 10m;

    // Order quality.
    public decimal MinNotionalUsd { get; init; } = 10m;
    public int MaxSlippageBps { get; init; } = 100;
    public int MaxPriceImpactBps { get; init; } = 100;
    public decimal MaxGasPercentOfNotional { get; init; } = 2m;

    // Leveraged venues (only for requests with leverage > 1).
    public decimal MaxLeverage { get; init; } = 500m;
    public decimal MinLiquidationBufferPercent { get; init; } = 5m;
    public decimal MaxAccountRiskPerPositionPercent { get; init; } = 10m;
    public decimal MaxDailyLossPercentLeveraged { get; init; } = 20m;

    /// <summary>Every unsafe or contradictory value, each naming the setting; empty when the limits are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Positive(string name, decimal value)
        {
            if (value <= 0) problems.Add($"{SectionName}:{name} must be greater than 0 (is {value}).");
        }
        void Percent(string name, decimal value)
        {
            if (value is <= 0 or > 100) problems.Add($"{SectionName}:{name} must be a percentage in (0, 100] (is {value}).");
        }

        Positive(nameof(MaxOpensPerMinute), MaxOpensPerMinute);
        Positive(nameof(MaxUserTradesPerDay), MaxUserTradesPerDay);
        Positive(nameof(MaxUserVolumePerHourUsd), MaxUserVolumePerHourUsd);
        Positive(nameof(MaxTradesPerDay), MaxTradesPerDay);
        Positive(nameof(MaxTradesPerHour), MaxTradesPerHour);
        if (MinTimeBetweenTrades < TimeSpan.Zero) problems.Add($"{SectionName}:{nameof(MinTimeBetweenTrades)} must not be negative (is {MinTimeBetweenTrades}).");
        if (MinTimeBetweenSameSymbol < TimeSpan.Zero) problems.Add($"{SectionName}:{nameof(MinTimeBetweenSameSymbol)} must not be negative (is {MinTimeBetweenSameSymbol}).");
        Percent(nameof(MaxTotalAtRiskPercentOfNav), MaxTotalAtRiskPercentOfNav);
        Positive(nameof(MaxOpenPositions), MaxOpenPositions);
        Percent(nameof(MaxPositionPercentOfNav), MaxPositionPercentOfNav);
        Positive(nameof(MaxPositionUsd), MaxPositionUsd);
        Percent(nameof(DailyStopLossPercent), DailyStopLossPercent);
        Percent(nameof(WeeklyStopLossPercent), WeeklyStopLossPercent);
        Percent(nameof(MaxDrawdownPercent), MaxDrawdownPercent);
        Positive(nameof(MinNotionalUsd), MinNotionalUsd);
        if (MaxSlippageBps is <= 0 or > 500) problems.Add($"{SectionName}:{nameof(MaxSlippageBps)} must be in (0, 500] bps; more than 5 % is an excessive tolerance (is {MaxSlippageBps}).");
        if (MaxPriceImpactBps is <= 0 or > 10_000) problems.Add($"{SectionName}:{nameof(MaxPriceImpactBps)} must be in (0, 10000] bps (is {MaxPriceImpactBps}).");
        Percent(nameof(MaxGasPercentOfNotional), MaxGasPercentOfNotional);
        if (MaxLeverage < 1) problems.Add($"{SectionName}:{nameof(MaxLeverage)} must be at least 1 (is {MaxLeverage}).");
        Percent(nameof(MinLiquidationBufferPercent), MinLiquidationBufferPercent);
        Percent(nameof(MaxAccountRiskPerPositionPercent), MaxAccountRiskPerPositionPercent);
        Percent(nameof(MaxDailyLossPercentLeveraged), MaxDailyLossPercentLeveraged);

        // Contradictions (the seeds' config sanity checks).
        if (MaxPositionPercentOfNav > MaxTotalAtRiskPercentOfNav)
            problems.Add($"{SectionName}:{nameof(MaxPositionPercentOfNav)} ({MaxPositionPercentOfNav} %) exceeds {nameof(MaxTotalAtRiskPercentOfNav)} ({MaxTotalAtRiskPercentOfNav} %).");
        if (MaxOpenPositions * MaxPositionPercentOfNav > MaxTotalAtRiskPercentOfNav && MaxOpenPositions > 0)
            problems.Add($"{SectionName}:{nameof(MaxOpenPositions)} × {nameof(MaxPositionPercentOfNav)} ({MaxOpenPositions} × {MaxPositionPercentOfNav} %) exceeds {nameof(MaxTotalAtRiskPercentOfNav)} ({MaxTotalAtRiskPercentOfNav} %).");
        if (DailyStopLossPercent >= WeeklyStopLossPercent)
            problems.Add($"{SectionName}:{nameof(DailyStopLossPercent)} ({DailyStopLossPercent} %) must be below {nameof(WeeklyStopLossPercent)} ({WeeklyStopLossPercent} %).");
        if (MaxTradesPerHour > MaxTradesPerDay)
            problems.Add($"{SectionName}:{nameof(MaxTradesPerHour)} ({MaxTradesPerHour}) exceeds {nameof(MaxTradesPerDay)} ({MaxTradesPerDay}).");
        if (MinTimeBetweenSameSymbol < MinTimeBetweenTrades)
            problems.Add($"{SectionName}:{nameof(MinTimeBetweenSameSymbol)} ({MinTimeBetweenSameSymbol.TotalSeconds} s) is shorter than {nameof(MinTimeBetweenTrades)} ({MinTimeBetweenTrades.TotalSeconds} s), so it never applies.");
        return problems;
    }

    /// <summary>Throws listing every problem from <see cref="Problems"/>.</summary>
    public RiskLimits EnsureValid()
    {
        var problems = Problems();
        return problems.Count == 0
            ? this
            : throw new InvalidOperationException("Risk limits are invalid:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
    }
}
