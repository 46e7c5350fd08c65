namespace ChainTrader.Core.Trades;

/// <summary>The receipt of a transaction we had seen mined is no longer returned by the node.</summary>
public sealed record ReceiptGone(string Hash) : TradeEvent;
