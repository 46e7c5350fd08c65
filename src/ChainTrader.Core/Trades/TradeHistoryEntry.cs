namespace ChainTrader.Core.Trades;

// ---- what one step returns ----

/// <summary>A recorded event: what happened, when, and the state it moved the trade between.</summary>
public sealed record TradeHistoryEntry(int Sequence, DateTimeOffset At, TradeEvent Event, TradeState From, TradeState To, string Note);
