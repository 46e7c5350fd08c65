namespace ChainTrader.Core.Trades;

/// <summary>
/// The receipt of a transaction we had seen mined is no longer returned by the node. <see cref="HeadBlock"/> and
/// <see cref="CanonicalHashAtReceiptHeight"/> are that node's head and its block hash at the receipt's height, read with
/// the receipt (null hash: the node has no block there); events stored before they were recorded have neither.
/// </summary>
public sealed record ReceiptGone(string Hash, long? HeadBlock = null, string? CanonicalHashAtReceiptHeight = null) : TradeEvent;
