namespace ChainTrader.Core.Trades;

public sealed record BroadcastResult(string Hash, BroadcastOutcome Outcome, string? Error = null) : TradeEvent;
