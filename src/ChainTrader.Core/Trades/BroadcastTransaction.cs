namespace ChainTrader.Core.Trades;

/// <summary>Send these exact bytes (to several endpoints) and report <see cref="BroadcastResult"/>.</summary>
public sealed record BroadcastTransaction(string Hash, string RawTransaction) : TradeEffect;
