namespace ChainTrader.Core.Trades;

/// <summary>Look up receipts of every hash; report <see cref="ReceiptSeen"/> for one that is mined.</summary>
public sealed record PollReceipts(IReadOnlyList<string> Hashes) : TradeEffect;
