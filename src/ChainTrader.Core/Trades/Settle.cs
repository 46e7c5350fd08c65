namespace ChainTrader.Core.Trades;

/// <summary>Apply the fill to the ledger once: <see cref="Key"/> is <c>settle:{tradeId}</c>.</summary>
public sealed record Settle(string Key, Fill Fill) : TradeEffect;
