namespace ChainTrader.Core.Trades;

/// <summary>The decoded revert reason of a failed receipt (or "unknown").</summary>
public sealed record Reverted(string Hash, string Reason) : TradeEvent;
