using System.Text.Json;
using System.Text.Json.Serialization;
using ChainTrader.Core.Commands;

namespace ChainTrader.Functions.Trades;

/// <summary>
/// The `trade-steps` queue message. <paramref name="TraceParent"/> is the trace the trade was opened under (written as
/// the message's <c>traceparent</c>, see <see cref="Telemetry.TraceContext"/>), so the step's invocation continues the
/// trade's trace rather than the sender's; without it the message carries the sender's trace as usual.
/// </summary>
public sealed record TradeStepMessage(string TradeId, [property: JsonPropertyName(Telemetry.TraceContext.TraceParentField)] string? TraceParent = null)
{
    public const string QueueName = "trade-steps";

    public JsonElement ToJson() => JsonSerializer.SerializeToElement(this, TradeStepJson.Default.TradeStepMessage);

    /// <summary>A JSON object, or (a queue message's text) a JSON string holding one.</summary>
    public static TradeStepMessage Parse(JsonElement message)
    {
        if (message.ValueKind == JsonValueKind.String)
        {
            try
            {
                using var inner = JsonDocument.Parse(message.GetString()!);
                return Parse(inner.RootElement);
            }
            catch (JsonException)
            {
                throw new InvalidDataException("A trade-steps message must be {\"tradeId\": \"<trade id>\"}; got a string that is not JSON.");
            }
        }
        if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("tradeId", out var id) || id.ValueKind != JsonValueKind.String)
            throw new InvalidDataException("A trade-steps message must be {\"tradeId\": \"<trade id>\"}.");
        try
        {
            return new TradeStepMessage(CommandParser.TradeId(id.GetString()!));
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"A trade-steps message names an invalid trade id: {ex.Message}", ex);
        }
    }
}
