using ChainTrader.Core.Trades;

namespace ChainTrader.Application.Trades;

/// <summary>A trade as stored: the state, the ETag it was read with, the server-side nonce of its quote buttons, the cause that
/// opened it, when the trader confirmed it and the W3C traceparent of the span it was opened under (null for trades
/// opened outside any span), which every later step of the trade continues.</summary>
public sealed record StoredTrade(Trade Trade, string ETag, string ButtonNonce, string Cause, DateTimeOffset? ConfirmedAt = null, string? TraceParent = null);
