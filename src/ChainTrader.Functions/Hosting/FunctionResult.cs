using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChainTrader.Functions.Hosting;

/// <summary>The custom-handler response: output binding values, log lines for the host, and the return value.</summary>
public sealed record FunctionResult(
    [property: JsonPropertyName("Outputs")] IReadOnlyDictionary<string, JsonElement> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] JsonElement? ReturnValue);
