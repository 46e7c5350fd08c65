namespace ChainTrader.Application.Trades;

/// <summary>
/// A <see cref="StoredTrade"/> as it crosses the Durable boundary (orchestration input, activity input and output): the
/// trade as TradeJson text, the rest as plain values. The ETag lets the save activity write without reading first.
/// </summary>
public sealed record StoredTradeData(string Trade, string ETag, string ButtonNonce, string Cause, DateTimeOffset? ConfirmedAt, string? TraceParent)
{
    public static StoredTradeData From(StoredTrade stored) =>
        new(TradeWire.Encode(stored.Trade), stored.ETag, stored.ButtonNonce, stored.Cause, stored.ConfirmedAt, stored.TraceParent);

    public StoredTrade ToStoredTrade() => new(TradeWire.DecodeTrade(Trade), ETag, ButtonNonce, Cause, ConfirmedAt, TraceParent);
}
