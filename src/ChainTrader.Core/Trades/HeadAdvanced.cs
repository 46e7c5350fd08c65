namespace ChainTrader.Core.Trades;

/// <summary>The chain head, and the canonical block hash at the receipt's height (null if the node has no block there yet).</summary>
public sealed record HeadAdvanced(long HeadBlock, string? CanonicalHashAtReceiptHeight) : TradeEvent;
