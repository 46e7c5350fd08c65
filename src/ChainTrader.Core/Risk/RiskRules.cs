using ChainTrader.Core.Commands;
using System.Globalization;
using ChainTrader.Core.Trades;

namespace ChainTrader.Core.Risk;

/// <summary>
/// The risk engine (SPEC §5): every check is a named, pure rule over a <see cref="RiskContext"/>. All rules run and
/// every failure is reported. Scope: gates, role, rate limits, pacing and order-quality rules apply to every trade;
/// exposure caps and PnL breakers apply to Buys only (a Sell reduces risk and must stay possible when a stop has
/// tripped); leverage rules apply only when the request carries leverage &gt; 1. Limits are inclusive (a value equal
/// to a cap passes) except loss stops, which trip when the loss reaches them.
/// </summary>
public static class RiskRules
{
    public static IReadOnlyList<RiskRule> All { get; } =
    [
        new("gates.emergency_stop", "the kill switch is off", EmergencyStop),
        new("gates.execution_mode", "the execution mode gate could be read", ExecutionModeKnown),
        new("gates.maintenance", "maintenance mode is off", Maintenance),
        new("role.trader", "the user is an allow-listed trader", Role),
        new("rate.opens_per_minute", "trade opens per user per minute", OpensPerMinute),
        new("rate.trades_per_day", "trades per user per 24 h", UserTradesPerDay),
        new("rate.volume_per_hour", "USD volume per user per hour", UserVolumePerHour),
        new("pacing.trades_per_day", "desk trades per 24 h", DeskTradesPerDay),
        new("pacing.trades_per_hour", "desk trades per hour", DeskTradesPerHour),
        new("pacing.min_interval", "time since the desk's last trade", MinInterval),
        new("pacing.symbol_interval", "time since the last trade in this symbol", SymbolInterval),
        new("exposure.total_at_risk", "total at risk as % of NAV", TotalAtRisk),
        new("exposure.max_positions", "number of open positions", MaxPositions),
        new("exposure.position_percent", "one position as % of NAV", PositionPercent),
        new("exposure.position_cap", "one position in USD", PositionCap),
        new("breaker.daily_stop", "daily PnL stop", DailyStop),
        new("breaker.weekly_stop", "weekly PnL stop", WeeklyStop),
        new("breaker.max_drawdown", "drawdown from peak NAV", MaxDrawdown),
        new("order.min_notional", "notional covers the minimum plus fees", MinNotional),
        new("order.precision", "amount is representable in the token's decimals", Precision),
        new("order.slippage", "min-out slippage bound", Slippage),
        new("order.price_impact", "price impact of the quote", PriceImpact),
        new("order.gas_cost", "gas as % of notional", GasCost),
        new("oracle.usable", "the oracle price is usable", OracleUsable),
        new("leverage.max", "maximum leverage", MaxLeverage),
        new("leverage.liquidation_buffer", "distance from entry to liquidation", LiquidationBuffer),
        new("leverage.account_risk", "margin at risk as % of NAV", AccountRisk),
        new("leverage.daily_loss", "daily loss stop for leveraged trades", LeveragedDailyLoss),
    ];

    /// <summary>Runs every rule; throws <see cref="ArgumentException"/> if the context holds impossible facts.</summary>
    public static RiskDecision Evaluate(RiskContext context, RiskLimits limits)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(limits);
        context.Validate();
        var failures = All.Select(rule => rule.Check(context, limits)).OfType<RuleFailure>().ToList();
        return new RiskDecision(failures, All.Count);
    }

    /// <summary>The desk-wide PnL breakers, derived from the portfolio (the ledger's snapshot).</summary>
    public static IReadOnlyList<BreakerState> Breakers(PortfolioSnapshot portfolio, RiskLimits limits) =>
    [
        new("breaker.daily_stop", -portfolio.DailyPnlPercent, limits.DailyStopLossPercent),
        new("breaker.weekly_stop", -portfolio.WeeklyPnlPercent, limits.WeeklyStopLossPercent),
        new("breaker.max_drawdown", portfolio.DrawdownPercent, limits.MaxDrawdownPercent),
    ];

    // ---- gates and role ----

    public static RuleFailure? EmergencyStop(RiskContext c, RiskLimits l)
        => c.Gates.EmergencyStop ? EmergencyStopFailure : null;

    /// <summary>
    /// The emergency stop's refusal. The shell checks it before it asks for prices or a quote: a stopped desk does no work
    /// for a trade it will refuse anyway.
    /// </summary>
    public static RuleFailure EmergencyStopFailure { get; } =
        Fail("gates.emergency_stop", "off", "on", "emergency stop is active; no new trades until a super-admin sends /emergency_resume");

    public static RuleFailure? ExecutionModeKnown(RiskContext c, RiskLimits l)
        => c.Gates.Mode is null ? Fail("gates.execution_mode", "DryRun|Paper|Live", "unknown", "execution mode could not be read; failing closed") : null;

    public static RuleFailure? Maintenance(RiskContext c, RiskLimits l)
        => c.Gates.MaintenanceMode ? Fail("gates.maintenance", "off", "on", "maintenance mode is on; trading is paused until a super-admin sends /maintenance_mode off") : null;

    public static RuleFailure? Role(RiskContext c, RiskLimits l)
        => c.Trade.Role == UserRole.Stranger
            ? Fail("role.trader", "Trader", c.Trade.Role.ToString(), $"user {c.Trade.UserId} is not an allow-listed trader")
            : null;

    // ---- per-user rate limits ----

    public static RuleFailure? OpensPerMinute(RiskContext c, RiskLimits l)
    {
        var count = c.Activity.UserOpens.Count(at => at > c.Now - TimeSpan.FromMinutes(1)) + 1;
        return count > l.MaxOpensPerMinute
            ? Fail("rate.opens_per_minute", l.MaxOpensPerMinute.ToString(Inv), count.ToString(Inv), $"this would be open {count} in the last 60 s > {l.MaxOpensPerMinute}; retry after {RetryAfter(c.Activity.UserOpens, c.Now, TimeSpan.FromMinutes(1), l.MaxOpensPerMinute)}")
            : null;
    }

    public static RuleFailure? UserTradesPerDay(RiskContext c, RiskLimits l)
    {
        var count = InWindow(c.Activity.UserTrades, c.Now, TimeSpan.FromDays(1)).Count() + 1;
        return count > l.MaxUserTradesPerDay
            ? Fail("rate.trades_per_day", l.MaxUserTradesPerDay.ToString(Inv), count.ToString(Inv), $"this would be your trade {count} in 24 h > {l.MaxUserTradesPerDay}; retry after {RetryAfter(c.Activity.UserTrades.Select(t => t.At), c.Now, TimeSpan.FromDays(1), l.MaxUserTradesPerDay)}")
            : null;
    }

    public static RuleFailure? UserVolumePerHour(RiskContext c, RiskLimits l)
    {
        var earlier = InWindow(c.Activity.UserTrades, c.Now, TimeSpan.FromHours(1)).Sum(t => t.NotionalUsd);
        var total = earlier + c.Trade.NotionalUsd;
        return total > l.MaxUserVolumePerHourUsd
            ? Fail("rate.volume_per_hour", Usd(l.MaxUserVolumePerHourUsd), Usd(total),
                $"{Usd(earlier)} traded in the last hour + {Usd(c.Trade.NotionalUsd)} = {Usd(total)} > {Usd(l.MaxUserVolumePerHourUsd)}; " +
                $"at most {Usd(Math.Max(0m, l.MaxUserVolumePerHourUsd - earlier))} now, or retry later")
            : null;
    }

    // ---- desk pacing ----

    public static RuleFailure? DeskTradesPerDay(RiskContext c, RiskLimits l)
    {
        var count = InWindow(c.Activity.DeskTrades, c.Now, TimeSpan.FromDays(1)).Count() + 1;
        return count > l.MaxTradesPerDay
            ? Fail("pacing.trades_per_day", l.MaxTradesPerDay.ToString(Inv), count.ToString(Inv), $"this would be desk trade {count} in 24 h > {l.MaxTradesPerDay}; retry after {RetryAfter(c.Activity.DeskTrades.Select(t => t.At), c.Now, TimeSpan.FromDays(1), l.MaxTradesPerDay)}")
            : null;
    }

    public static RuleFailure? DeskTradesPerHour(RiskContext c, RiskLimits l)
    {
        var count = InWindow(c.Activity.DeskTrades, c.Now, TimeSpan.FromHours(1)).Count() + 1;
        return count > l.MaxTradesPerHour
            ? Fail("pacing.trades_per_hour", l.MaxTradesPerHour.ToString(Inv), count.ToString(Inv), $"this would be desk trade {count} in the last hour > {l.MaxTradesPerHour}; retry after {RetryAfter(c.Activity.DeskTrades.Select(t => t.At), c.Now, TimeSpan.FromHours(1), l.MaxTradesPerHour)}")
            : null;
    }

    public static RuleFailure? MinInterval(RiskContext c, RiskLimits l)
        => IntervalRule("pacing.min_interval", "last trade", c.Activity.DeskTrades, c.Now, l.MinTimeBetweenTrades);

    public static RuleFailure? SymbolInterval(RiskContext c, RiskLimits l)
        => IntervalRule("pacing.symbol_interval", $"last {c.Trade.Symbol} trade",
            c.Activity.DeskTrades.Where(t => SameSymbol(t.Symbol, c.Trade.Symbol)), c.Now, l.MinTimeBetweenSameSymbol);

    // ---- exposure (Buys) ----

    public static RuleFailure? TotalAtRisk(RiskContext c, RiskLimits l)
    {
        if (c.Trade.Side != TradeSide.Buy) return null;
        var p = c.Portfolio;
        if (p.NavUsd <= 0) return NoNav("exposure.total_at_risk", l.MaxTotalAtRiskPercentOfNav);
        var after = p.AtRiskUsd + c.Trade.NotionalUsd;
        var percent = after / p.NavUsd * 100m;
        return percent > l.MaxTotalAtRiskPercentOfNav
            ? Fail("exposure.total_at_risk", Pct(l.MaxTotalAtRiskPercentOfNav), Pct(percent),
                $"at risk after this trade {Usd(after)} = {Pct(percent)} of NAV {Usd(p.NavUsd)} > {Pct(l.MaxTotalAtRiskPercentOfNav)}; lower the size or raise MAX_TOTAL_AT_RISK_PCT")
            : null;
    }

    public static RuleFailure? MaxPositions(RiskContext c, RiskLimits l)
    {
        if (c.Trade.Side != TradeSide.Buy) return null;
        var open = c.Portfolio.Positions.Where(p => p.NotionalUsd > 0).ToList();
        if (open.Any(p => SameSymbol(p.Symbol, c.Trade.Symbol))) return null;
        var after = open.Count + 1;
        return after > l.MaxOpenPositions
            ? Fail("exposure.max_positions", l.MaxOpenPositions.ToString(Inv), after.ToString(Inv),
                $"a new {c.Trade.Symbol} position would make {after} open positions > {l.MaxOpenPositions}; close a position first or raise MAX_POSITIONS")
            : null;
    }

    public static RuleFailure? PositionPercent(RiskContext c, RiskLimits l)
    {
        if (c.Trade.Side != TradeSide.Buy) return null;
        var p = c.Portfolio;
        if (p.NavUsd <= 0) return NoNav("exposure.position_percent", l.MaxPositionPercentOfNav);
        var after = p.NotionalOf(c.Trade.Symbol) + c.Trade.NotionalUsd;
        var percent = after / p.NavUsd * 100m;
        return percent > l.MaxPositionPercentOfNav
            ? Fail("exposure.position_percent", Pct(l.MaxPositionPercentOfNav), Pct(percent),
                $"{c.Trade.Symbol} position after this trade {Usd(after)} = {Pct(percent)} of NAV {Usd(p.NavUsd)} > {Pct(l.MaxPositionPercentOfNav)}; lower the size or raise MAX_POSITION_PCT")
            : null;
    }

    public static RuleFailure? PositionCap(RiskContext c, RiskLimits l)
    {
        if (c.Trade.Side != TradeSide.Buy) return null;
        var after = c.Portfolio.NotionalOf(c.Trade.Symbol) + c.Trade.NotionalUsd;
        return after > l.MaxPositionUsd
            ? Fail("exposure.position_cap", Usd(l.MaxPositionUsd), Usd(after), $"{c.Trade.Symbol} position after this trade {Usd(after)} > {Usd(l.MaxPositionUsd)}; lower the size or raise HARD_CAP_USD")
            : null;
    }

    // ---- PnL breakers (Buys) ----

    public static RuleFailure? DailyStop(RiskContext c, RiskLimits l) => BreakerRule(c, l, 0, "daily PnL");

    public static RuleFailure? WeeklyStop(RiskContext c, RiskLimits l) => BreakerRule(c, l, 1, "weekly PnL");

    /// <summary>When a period breaker lets buys through again: its period starts over at the NAV of that moment (UTC days, ISO weeks).</summary>
    private static string Reopens(int index, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return index == 0
            ? "buys reopen at 00:00 UTC, when the next day starts from the NAV then"
            : $"buys reopen on Monday {today.AddDays(7 - ((int)today.DayOfWeek + 6) % 7).ToString("yyyy-MM-dd", Inv)} at 00:00 UTC, when the next week starts from the NAV then";
    }

    public static RuleFailure? MaxDrawdown(RiskContext c, RiskLimits l)
    {
        if (c.Trade.Side != TradeSide.Buy) return null;
        var breaker = Breakers(c.Portfolio, l)[2];
        return breaker.Tripped
            ? Fail(breaker.Name, Pct(breaker.LimitPercent), Pct(breaker.LossPercent),
                $"drawdown {Pct(breaker.LossPercent)} from peak NAV {Usd(c.Portfolio.PeakNavUsd)} reached the {Pct(breaker.LimitPercent)} limit; " +
                $"buys reopen when NAV is back above {Usd(c.Portfolio.PeakNavUsd * (100 - breaker.LimitPercent) / 100)}; sells are still allowed")
            : null;
    }

    // ---- order quality ----

    public static RuleFailure? MinNotional(RiskContext c, RiskLimits l)
    {
        var fees = c.Trade.GasCostUsd + c.Trade.VenueFeeUsd;
        var required = l.MinNotionalUsd + fees;
        return c.Trade.NotionalUsd < required
            ? Fail("order.min_notional", Usd(required), Usd(c.Trade.NotionalUsd),
                $"notional {Usd(c.Trade.NotionalUsd)} < {Usd(l.MinNotionalUsd)} minimum + {Usd(fees)} fees = {Usd(required)}; trade at least {Usd(required)}")
            : null;
    }

    public static RuleFailure? Precision(RiskContext c, RiskLimits l)
    {
        var t = c.Trade;
        if (t.AmountIn <= 0)
            return Fail("order.precision", "> 0", t.AmountIn.ToString(Inv), $"amount {t.AmountIn.ToString(Inv)} must be positive");
        if (TokenUnits.TryToRaw(t.AmountIn, t.AmountInDecimals, out var raw))
        {
            return raw.GetBitLength() > 256
                ? Fail("order.precision", "uint256", $"{raw.GetBitLength()} bits", $"amount {t.AmountIn.ToString(Inv)} does not fit in a uint256")
                : null;
        }
        var digits = TokenUnits.FractionalDigits(t.AmountIn);
        return Fail("order.precision", $"{t.AmountInDecimals} decimals", $"{digits} decimals",
            $"amount {t.AmountIn.ToString(Inv)} has {digits} fractional digits; the token has {t.AmountInDecimals}");
    }

    public static RuleFailure? Slippage(RiskContext c, RiskLimits l)
    {
        var t = c.Trade;
        var limit = $"{l.MaxSlippageBps} bps";
        if (t.ExpectedOut <= 0) return Fail("order.slippage", limit, "no output", "the quote returns nothing for this amount");
        if (t.MinOut <= 0) return Fail("order.slippage", limit, "min out 0", "min out is 0: the swap would have no slippage protection");
        if (t.MinOut > t.ExpectedOut)
            return Fail("order.slippage", limit, "min out above expected", $"min out {t.MinOut.ToString(Inv)} exceeds expected out {t.ExpectedOut.ToString(Inv)}");
        var bps = (t.ExpectedOut - t.MinOut) / t.ExpectedOut * 10_000m;
        return bps > l.MaxSlippageBps
            ? Fail("order.slippage", limit, Bps(bps), $"min out {t.MinOut.ToString(Inv)} is {Bps(bps)} below expected {t.ExpectedOut.ToString(Inv)} > {limit}")
            : null;
    }

    public static RuleFailure? PriceImpact(RiskContext c, RiskLimits l)
        => c.Trade.PriceImpactBps > l.MaxPriceImpactBps
            ? Fail("order.price_impact", $"{l.MaxPriceImpactBps} bps", $"{c.Trade.PriceImpactBps} bps", $"price impact {c.Trade.PriceImpactBps} bps > {l.MaxPriceImpactBps} bps; lower the size or raise MAX_PRICE_IMPACT_BPS")
            : null;

    public static RuleFailure? GasCost(RiskContext c, RiskLimits l)
    {
        var t = c.Trade;
        if (t.GasCostUsd == 0) return null;
        if (t.NotionalUsd <= 0)
            return Fail("order.gas_cost", Pct(l.MaxGasPercentOfNotional), "unbounded", $"gas {Usd(t.GasCostUsd)} against a {Usd(t.NotionalUsd)} notional");
        var percent = t.GasCostUsd / t.NotionalUsd * 100m;
        return percent > l.MaxGasPercentOfNotional
            ? Fail("order.gas_cost", Pct(l.MaxGasPercentOfNotional), Pct(percent),
                $"gas {Usd(t.GasCostUsd)} is {Pct(percent)} of notional {Usd(t.NotionalUsd)} > {Pct(l.MaxGasPercentOfNotional)}")
            : null;
    }

    public static RuleFailure? OracleUsable(RiskContext c, RiskLimits l)
        => c.Oracle.Usable
            ? null
            : Fail("oracle.usable", "usable", "unusable",
                $"{c.Trade.Symbol} price is not usable: {(c.Oracle.Reasons.Count == 0 ? "no reason given" : string.Join("; ", c.Oracle.Reasons))}");

    // ---- leverage (requests with leverage > 1) ----

    public static RuleFailure? MaxLeverage(RiskContext c, RiskLimits l)
    {
        if (!c.Trade.IsLeveraged) return null;
        var leverage = c.Trade.Leverage!.Leverage;
        return leverage > l.MaxLeverage
            ? Fail("leverage.max", X(l.MaxLeverage), X(leverage), $"leverage {X(leverage)} > {X(l.MaxLeverage)}")
            : null;
    }

    public static RuleFailure? LiquidationBuffer(RiskContext c, RiskLimits l)
    {
        if (!c.Trade.IsLeveraged) return null;
        var terms = c.Trade.Leverage!;
        var buffer = terms.LiquidationBufferPercent;
        return buffer < l.MinLiquidationBufferPercent
            ? Fail("leverage.liquidation_buffer", Pct(l.MinLiquidationBufferPercent), Pct(buffer),
                $"liquidation at {terms.LiquidationPrice.ToString(Inv)} is {Pct(buffer)} from entry {terms.EntryPrice.ToString(Inv)} < {Pct(l.MinLiquidationBufferPercent)}")
            : null;
    }

    public static RuleFailure? AccountRisk(RiskContext c, RiskLimits l)
    {
        if (!c.Trade.IsLeveraged) return null;
        if (c.Portfolio.NavUsd <= 0) return NoNav("leverage.account_risk", l.MaxAccountRiskPerPositionPercent);
        // The margin posted is what a liquidation loses.
        var margin = c.Trade.NotionalUsd / c.Trade.Leverage!.Leverage;
        var percent = margin / c.Portfolio.NavUsd * 100m;
        return percent > l.MaxAccountRiskPerPositionPercent
            ? Fail("leverage.account_risk", Pct(l.MaxAccountRiskPerPositionPercent), Pct(percent),
                $"margin {Usd(margin)} = {Pct(percent)} of NAV {Usd(c.Portfolio.NavUsd)} > {Pct(l.MaxAccountRiskPerPositionPercent)}")
            : null;
    }

    public static RuleFailure? LeveragedDailyLoss(RiskContext c, RiskLimits l)
    {
        if (!c.Trade.IsLeveraged) return null;
        var loss = -c.Portfolio.DailyPnlPercent;
        return loss >= l.MaxDailyLossPercentLeveraged
            ? Fail("leverage.daily_loss", Pct(l.MaxDailyLossPercentLeveraged), Pct(loss),
                $"daily loss {Pct(loss)} reached the {Pct(l.MaxDailyLossPercentLeveraged)} leveraged limit")
            : null;
    }

    // ---- helpers ----

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static RuleFailure Fail(string rule, string limit, string actual, string sentence)
        => new(rule, limit, actual, $"{rule}: {sentence}");

    private static RuleFailure NoNav(string rule, decimal limitPercent)
        => Fail(rule, Pct(limitPercent), "NAV $0.00", "NAV is $0.00, so no position can be sized against it");

    private static RuleFailure? BreakerRule(RiskContext c, RiskLimits l, int index, string what)
    {
        if (c.Trade.Side != TradeSide.Buy) return null;
        var breaker = Breakers(c.Portfolio, l)[index];
        var pnlUsd = index == 0 ? c.Portfolio.DailyPnlUsd : c.Portfolio.WeeklyPnlUsd;
        return breaker.Tripped
            ? Fail(breaker.Name, Pct(-breaker.LimitPercent), Pct(-breaker.LossPercent),
                $"{what} {Pct(-breaker.LossPercent)} ({Usd(pnlUsd)}) reached the {Pct(-breaker.LimitPercent)} stop; {Reopens(index, c.Now)}; sells are still allowed")
            : null;
    }

    private static RuleFailure? IntervalRule(string rule, string what, IEnumerable<TradeMark> trades, DateTimeOffset now, TimeSpan minimum)
    {
        var last = trades.Select(t => (DateTimeOffset?)t.At).Max();
        if (last is null) return null;
        var elapsed = now - last.Value;
        return elapsed < minimum
            ? Fail(rule, Seconds(minimum), Seconds(elapsed), $"{what} {Seconds(elapsed)} ago < {Seconds(minimum)}; retry after {Clock(last.Value + minimum)}")
            : null;
    }

    /// <summary>
    /// When a count limit over a sliding window next lets one more through: once enough of the oldest marks in the window
    /// have left it that the new one would be within <paramref name="limit"/>.
    /// </summary>
    private static string RetryAfter(IEnumerable<DateTimeOffset> marks, DateTimeOffset now, TimeSpan window, int limit)
    {
        var inWindow = marks.Where(at => at > now - window).Order().ToList();
        var mustLeave = inWindow.Count - (limit - 1);
        return mustLeave <= 0 || mustLeave > inWindow.Count ? Clock(now) : Clock(inWindow[mustLeave - 1] + window);
    }

    /// <summary>A retry time as the chat shows it: 04:16:35 UTC (every window is at most a day, so the time names it).</summary>
    private static string Clock(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss", Inv) + " UTC";

    private static IEnumerable<TradeMark> InWindow(IEnumerable<TradeMark> trades, DateTimeOffset now, TimeSpan window)
        => trades.Where(t => t.At > now - window);

    private static bool SameSymbol(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    internal static string Usd(decimal value)
        => (value < 0 ? "-$" : "$") + Math.Abs(value).ToString("N2", Inv);

    internal static string Pct(decimal value) => Math.Round(value, 4, MidpointRounding.AwayFromZero).ToString("0.####", Inv) + " %";

    private static string Bps(decimal value) => Math.Round(value, 1, MidpointRounding.AwayFromZero).ToString("0.#", Inv) + " bps";

    private static string X(decimal value) => value.ToString("0.##", Inv) + "x";

    internal static string Seconds(TimeSpan value) => (value.Ticks / TimeSpan.TicksPerSecond).ToString(Inv) + " s";
}
