namespace ChainTrader.Core.Risk;

/// <summary>
/// The desk's portfolio: NAV, open positions at their current notional, and the NAVs the breakers compare against
/// (start of the current day and week, and the highest NAV seen). <see cref="Trades.Ledger"/> produces it.
/// </summary>
public sealed record PortfolioSnapshot(
    decimal NavUsd,
    IReadOnlyList<PositionExposure> Positions,
    decimal DayStartNavUsd,
    decimal WeekStartNavUsd,
    decimal PeakNavUsd)
{
    public decimal AtRiskUsd => Positions.Sum(p => p.NotionalUsd);
    public decimal DailyPnlUsd => NavUsd - DayStartNavUsd;
    public decimal WeeklyPnlUsd => NavUsd - WeekStartNavUsd;
    public decimal DailyPnlPercent => PercentOf(DailyPnlUsd, DayStartNavUsd);
    public decimal WeeklyPnlPercent => PercentOf(WeeklyPnlUsd, WeekStartNavUsd);
    public decimal DrawdownPercent => PeakNavUsd <= 0 ? 0m : Math.Max(0m, (PeakNavUsd - NavUsd) / PeakNavUsd * 100m);

    public decimal NotionalOf(string symbol)
        => Positions.Where(p => string.Equals(p.Symbol, symbol, StringComparison.OrdinalIgnoreCase)).Sum(p => p.NotionalUsd);

    public void Validate()
    {
        if (NavUsd < 0) throw new ArgumentException($"Portfolio NAV ${NavUsd} is negative.", nameof(NavUsd));
        if (DayStartNavUsd < 0) throw new ArgumentException($"Start-of-day NAV ${DayStartNavUsd} is negative.", nameof(DayStartNavUsd));
        if (WeekStartNavUsd < 0) throw new ArgumentException($"Start-of-week NAV ${WeekStartNavUsd} is negative.", nameof(WeekStartNavUsd));
        if (PeakNavUsd < 0) throw new ArgumentException($"Peak NAV ${PeakNavUsd} is negative.", nameof(PeakNavUsd));
        foreach (var p in Positions)
        {
            if (p.NotionalUsd < 0) throw new ArgumentException($"Position {p.Symbol} has a negative notional ${p.NotionalUsd}.", nameof(Positions));
        }
    }

    // A period that started with no capital has no meaningful percentage; report 0 rather than divide by zero.
    private static decimal PercentOf(decimal part, decimal whole) => whole <= 0 ? 0m : part / whole * 100m;
}
