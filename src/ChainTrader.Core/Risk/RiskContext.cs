using ChainTrader.Core.Commands;
using ChainTrader.Core.Trades;

namespace ChainTrader.Core.Risk;

/// <summary>Who is asking. Strangers are anyone not on the allow-list.</summary>

/// <summary>
/// Everything the risk engine looks at, gathered by the caller (facts only; the engine does no I/O).
/// </summary>
public sealed record RiskContext(
    TradeRequest Trade,
    TradingActivity Activity,
    PortfolioSnapshot Portfolio,
    GateState Gates,
    OracleVerdict Oracle,
    DateTimeOffset Now)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first field that cannot be a real fact.</summary>
    public void Validate()
    {
        Trade.Validate();
        Portfolio.Validate();
        ArgumentNullException.ThrowIfNull(Activity);
        ArgumentNullException.ThrowIfNull(Gates);
        ArgumentNullException.ThrowIfNull(Oracle);
    }
}

/// <summary>
/// The trade being checked. Amounts are human units of the token (decimal); <see cref="AmountIn"/> is what the
/// trader typed, checked against <see cref="AmountInDecimals"/>. <see cref="ExpectedOut"/>, <see cref="MinOut"/>,
/// <see cref="PriceImpactBps"/>, <see cref="GasCostUsd"/> and <see cref="VenueFeeUsd"/> come from the quote.
/// <see cref="Leverage"/> is null on spot venues.
/// </summary>
public sealed record TradeRequest(
    long UserId,
    UserRole Role,
    TradeSide Side,
    string Symbol,
    decimal AmountIn,
    int AmountInDecimals,
    decimal ExpectedOut,
    decimal MinOut,
    decimal NotionalUsd,
    int PriceImpactBps,
    decimal GasCostUsd,
    decimal VenueFeeUsd,
    LeverageTerms? Leverage = null)
{
    public bool IsLeveraged => Leverage is { Leverage: > 1m };

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Symbol)) throw new ArgumentException("Trade request has no symbol.", nameof(Symbol));
        if (AmountInDecimals is < 0 or > TokenUnits.MaxDecimals)
            throw new ArgumentException($"Trade request's token decimals {AmountInDecimals} is outside 0..{TokenUnits.MaxDecimals}.", nameof(AmountInDecimals));
        if (ExpectedOut < 0) throw new ArgumentException($"Trade request's expected out {ExpectedOut} is negative.", nameof(ExpectedOut));
        if (MinOut < 0) throw new ArgumentException($"Trade request's min out {MinOut} is negative.", nameof(MinOut));
        if (NotionalUsd < 0) throw new ArgumentException($"Trade request's notional ${NotionalUsd} is negative.", nameof(NotionalUsd));
        if (PriceImpactBps < 0) throw new ArgumentException($"Trade request's price impact {PriceImpactBps} bps is negative.", nameof(PriceImpactBps));
        if (GasCostUsd < 0) throw new ArgumentException($"Trade request's gas cost ${GasCostUsd} is negative.", nameof(GasCostUsd));
        if (VenueFeeUsd < 0) throw new ArgumentException($"Trade request's venue fee ${VenueFeeUsd} is negative.", nameof(VenueFeeUsd));
        Leverage?.Validate();
    }
}

/// <summary>A leveraged position's terms: leverage, entry price and the venue's liquidation price for it.</summary>
public sealed record LeverageTerms(decimal Leverage, decimal EntryPrice, decimal LiquidationPrice)
{
    /// <summary>Distance from entry to liquidation as a percentage of entry.</summary>
    public decimal LiquidationBufferPercent => Math.Abs(EntryPrice - LiquidationPrice) / EntryPrice * 100m;

    public void Validate()
    {
        if (Leverage < 1) throw new ArgumentException($"Leverage {Leverage} is below 1.", nameof(Leverage));
        if (EntryPrice <= 0) throw new ArgumentException($"Entry price {EntryPrice} must be positive.", nameof(EntryPrice));
        if (LiquidationPrice < 0) throw new ArgumentException($"Liquidation price {LiquidationPrice} is negative.", nameof(LiquidationPrice));
    }
}

/// <summary>
/// Recent activity, newest or oldest first (order does not matter). <see cref="UserOpens"/> are this user's earlier
/// trade opens (every /buy, /sell, /swap, whatever became of it) and do not include the request being checked;
/// <see cref="UserTrades"/> are this user's confirmed trades; <see cref="DeskTrades"/> are every confirmed trade on
/// the desk's portfolio (pacing is the portfolio's). Entries older than a day may be left out.
/// </summary>
public sealed record TradingActivity(
    IReadOnlyList<DateTimeOffset> UserOpens,
    IReadOnlyList<TradeMark> UserTrades,
    IReadOnlyList<TradeMark> DeskTrades)
{
    public static TradingActivity None { get; } = new([], [], []);
}

/// <summary>One confirmed trade: when, which symbol, how much.</summary>
public sealed record TradeMark(DateTimeOffset At, string Symbol, decimal NotionalUsd);

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

public sealed record PositionExposure(string Symbol, decimal NotionalUsd);

/// <summary>
/// The shared runtime switches as read for this decision. <see cref="Mode"/> is null when the gate could not be read;
/// the engine then fails closed.
/// </summary>
public sealed record GateState(ExecutionMode? Mode, bool EmergencyStop, bool MaintenanceMode);

/// <summary>The oracle rules' verdict on the symbol being traded (SPEC §4): usable or not, and why not.</summary>
public sealed record OracleVerdict(bool Usable, IReadOnlyList<string> Reasons)
{
    public static OracleVerdict Ok { get; } = new(true, []);
    public static OracleVerdict Unusable(params string[] reasons) => new(false, reasons);
}

/// <summary>One failed rule: its name, the limit, the actual value and a sentence joining them.</summary>
public sealed record RuleFailure(string Rule, string Limit, string Actual, string Message);

/// <summary>The risk engine's answer: approved when no rule failed; otherwise every failure is listed.</summary>
public sealed record RiskDecision(IReadOnlyList<RuleFailure> Failures, int RulesChecked)
{
    public bool Approved => Failures.Count == 0;

    /// <summary>One line per failure, or "approved".</summary>
    public string Describe() => Approved
        ? $"approved ({RulesChecked} rules passed)"
        : string.Join(Environment.NewLine, Failures.Select(f => f.Message));
}
