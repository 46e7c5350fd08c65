
namespace ChainTrader.Core.Risk;

/// <summary>
/// The text of /risk_summary: gates, limits with current usage, and breaker states. Plain text, one fact per line;
/// the Telegram layer escapes it for HTML.
/// </summary>
public static class RiskSummary
{
    public static string Render(RiskLimits limits, PortfolioSnapshot portfolio, IReadOnlyList<TradeMark> deskTrades, GateState gates, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(portfolio);
        ArgumentNullException.ThrowIfNull(deskTrades);
        ArgumentNullException.ThrowIfNull(gates);

        var atRiskPercent = portfolio.NavUsd <= 0 ? 0m : portfolio.AtRiskUsd / portfolio.NavUsd * 100m;
        var openPositions = portfolio.Positions.Count(p => p.NotionalUsd > 0);
        var tradesDay = deskTrades.Count(t => t.At > now - TimeSpan.FromDays(1));
        var tradesHour = deskTrades.Count(t => t.At > now - TimeSpan.FromHours(1));
        var last = deskTrades.Select(t => (DateTimeOffset?)t.At).Max();
        var breakers = RiskRules.Breakers(portfolio, limits);
        var largest = portfolio.Positions.OrderByDescending(p => p.NotionalUsd).FirstOrDefault();

        var lines = new List<string>
        {
            "Risk summary",
            $"Gates: mode {gates.Mode?.ToString() ?? "unknown"}, emergency stop {OnOff(gates.EmergencyStop)}, maintenance {OnOff(gates.MaintenanceMode)}",
            $"NAV {RiskRules.Usd(portfolio.NavUsd)} (day start {RiskRules.Usd(portfolio.DayStartNavUsd)}, week start {RiskRules.Usd(portfolio.WeekStartNavUsd)}, peak {RiskRules.Usd(portfolio.PeakNavUsd)})",
            "",
            "Exposure",
            $"  at risk {RiskRules.Usd(portfolio.AtRiskUsd)} = {RiskRules.Pct(atRiskPercent)} of NAV / max {RiskRules.Pct(limits.MaxTotalAtRiskPercentOfNav)}",
            $"  open positions {openPositions} / max {limits.MaxOpenPositions}",
            largest is null
                ? $"  per position max {RiskRules.Pct(limits.MaxPositionPercentOfNav)} of NAV and {RiskRules.Usd(limits.MaxPositionUsd)}"
                : $"  largest position {largest.Symbol} {RiskRules.Usd(largest.NotionalUsd)} / max {RiskRules.Pct(limits.MaxPositionPercentOfNav)} of NAV and {RiskRules.Usd(limits.MaxPositionUsd)}",
            "",
            "Pacing",
            $"  trades in 24 h {tradesDay} / max {limits.MaxTradesPerDay}",
            $"  trades in 1 h {tradesHour} / max {limits.MaxTradesPerHour}",
            $"  last trade {(last is null ? "none" : RiskRules.Seconds(now - last.Value) + " ago")} / min gap {RiskRules.Seconds(limits.MinTimeBetweenTrades)}, same symbol {RiskRules.Seconds(limits.MinTimeBetweenSameSymbol)}",
            "",
            "Breakers",
        };
        lines.Add($"  daily PnL {RiskRules.Usd(portfolio.DailyPnlUsd)} ({RiskRules.Pct(portfolio.DailyPnlPercent)}) / stop -{RiskRules.Pct(limits.DailyStopLossPercent)}: {State(breakers[0])}");
        lines.Add($"  weekly PnL {RiskRules.Usd(portfolio.WeeklyPnlUsd)} ({RiskRules.Pct(portfolio.WeeklyPnlPercent)}) / stop -{RiskRules.Pct(limits.WeeklyStopLossPercent)}: {State(breakers[1])}");
        lines.Add($"  drawdown {RiskRules.Pct(portfolio.DrawdownPercent)} / max {RiskRules.Pct(limits.MaxDrawdownPercent)}: {State(breakers[2])}");
        lines.AddRange(
        [
            "",
            "Per order",
            $"  min notional {RiskRules.Usd(limits.MinNotionalUsd)} + fees, slippage ≤ {limits.MaxSlippageBps} bps, price impact ≤ {limits.MaxPriceImpactBps} bps, gas ≤ {RiskRules.Pct(limits.MaxGasPercentOfNotional)} of notional",
            "Per user",
            $"  {limits.MaxOpensPerMinute} opens/min, {limits.MaxUserTradesPerDay} trades/day, {RiskRules.Usd(limits.MaxUserVolumePerHourUsd)} volume/hour",
            "Leveraged venues",
            $"  leverage ≤ {limits.MaxLeverage}x, liquidation buffer ≥ {RiskRules.Pct(limits.MinLiquidationBufferPercent)}, margin ≤ {RiskRules.Pct(limits.MaxAccountRiskPerPositionPercent)} of NAV, daily loss < {RiskRules.Pct(limits.MaxDailyLossPercentLeveraged)}",
        ]);
        return string.Join("\n", lines);
    }

    private static string OnOff(bool on) => on ? "ON" : "off";

    private static string State(BreakerState breaker) => breaker.Tripped ? "TRIPPED" : "ok";
}
