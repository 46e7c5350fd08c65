using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChainTrader.Functions.Hosting;

/// <summary>A queue message's text as the JSON string the hint parsers accept (they read a JSON object or a string holding one).</summary>
public static class QueueText
{
    public static JsonElement AsJson(string message) => JsonSerializer.SerializeToElement(message, QueueTextJson.Default.String);
}

[JsonSerializable(typeof(string))]
internal sealed partial class QueueTextJson : JsonSerializerContext;
