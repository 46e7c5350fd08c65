using System.Text.Json.Serialization;

namespace ChainTrader.Core.Trades;

/// <summary>
/// The result of applying one event. When <see cref="Rejection"/> is set the event was not valid now: nothing
/// changed and there are no effects (tell the sender the reason). Otherwise store <see cref="Trade"/> (with the
/// ETag read), append <see cref="Entry"/> when present (re-polls that change no fact are not recorded), then
/// perform <see cref="Effects"/>. <see cref="Message"/> is a short answer for whoever sent the event.
/// </summary>
public sealed record TradeStep(Trade Trade, IReadOnlyList<TradeEffect> Effects, TradeHistoryEntry? Entry, string? Rejection, string? Message)
{
    [JsonIgnore] public bool Applied => Rejection is null;
    [JsonIgnore] public DateTimeOffset? DueAt => Trade.DueAt;
}
