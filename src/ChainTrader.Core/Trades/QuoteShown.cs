namespace ChainTrader.Core.Trades;

/// <summary>
/// The quote message (with Confirm/Cancel buttons) reached the chat at <see cref="ShownAt"/> (when Telegram accepted it;
/// null: now). Its expiry counts from then, so a quote delivered late still has its whole lifetime.
/// </summary>
public sealed record QuoteShown(string MessageKey, DateTimeOffset? ShownAt = null) : TradeEvent;
