namespace ChainTrader.Core.Trades;

/// <summary>
/// One book of the desk (PAPER and LIVE each keep one, see <see cref="Ledger.BookOf(ExecutionMode)"/>). Cash is the quote currency in USD; positions at cost; realised PnL excludes gas, which is
/// tracked on its own (and leaves cash, so NAV includes it). Period marks feed the breakers: NAV at the start of the
/// UTC day and the ISO week (Monday), and the peak NAV.
/// </summary>
public sealed record LedgerState
{
    public decimal CashUsd { get; init; }
    public IReadOnlyList<Position> Positions { get; init; } = [];
    public decimal RealisedPnlUsd { get; init; }
    public decimal GasSpentUsd { get; init; }
    public decimal GasSpentNative { get; init; }
    public IReadOnlyList<string> SettledTradeIds { get; init; } = [];
    public DateOnly Day { get; init; }
    public decimal DayStartNavUsd { get; init; }
    public DateOnly WeekStart { get; init; }
    public decimal WeekStartNavUsd { get; init; }
    public decimal PeakNavUsd { get; init; }
}
