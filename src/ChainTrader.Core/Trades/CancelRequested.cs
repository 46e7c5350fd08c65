namespace ChainTrader.Core.Trades;

/// <summary>
/// A trader's Cancel (button or /cancel), judged at <see cref="RequestedAt"/> (null: now) like <see cref="ConfirmPressed"/>:
/// a quote that had expired by then ends Expired, whenever the trade applies it.
/// </summary>
public sealed record CancelRequested(long ByUserId, DateTimeOffset? RequestedAt = null) : TradeEvent;
