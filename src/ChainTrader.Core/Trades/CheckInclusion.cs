namespace ChainTrader.Core.Trades;

/// <summary>Re-read the receipt, the head and the canonical hash at <see cref="BlockNumber"/>; report HeadAdvanced, or ReceiptGone with the head and that hash.</summary>
public sealed record CheckInclusion(string Hash, long BlockNumber, string BlockHash) : TradeEffect;
