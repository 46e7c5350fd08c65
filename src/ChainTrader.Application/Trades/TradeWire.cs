using System.Text.Json;
using ChainTrader.Core.Trades;

namespace ChainTrader.Application.Trades;

/// <summary>
/// Trades, events and effects cross the Durable boundary as TradeJson text: the data converter only ever sees strings,
/// so the polymorphic discriminators and BigInteger-as-string survive whatever converter the host is configured with.
/// </summary>
public static class TradeWire
{
    public static string Encode(Trade trade) => JsonSerializer.Serialize(trade, TradeJson.Default.Trade);

    public static string Encode(TradeEvent evt) => JsonSerializer.Serialize(evt, TradeJson.Default.TradeEvent);

    public static string Encode(TradeEffect effect) => JsonSerializer.Serialize(effect, TradeJson.Default.TradeEffect);

    public static string Encode(TradeHistoryEntry entry) => JsonSerializer.Serialize(entry, TradeJson.Default.TradeHistoryEntry);

    public static Trade DecodeTrade(string json) => Decode(json, TradeJson.Default.Trade);

    public static TradeEvent DecodeEvent(string json) => Decode(json, TradeJson.Default.TradeEvent);

    public static TradeEffect DecodeEffect(string json) => Decode(json, TradeJson.Default.TradeEffect);

    public static TradeHistoryEntry DecodeEntry(string json) => Decode(json, TradeJson.Default.TradeHistoryEntry);

    private static T Decode<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) =>
        JsonSerializer.Deserialize(json, info) ?? throw new InvalidDataException($"A {typeof(T).Name} on the Durable wire is null.");
}
