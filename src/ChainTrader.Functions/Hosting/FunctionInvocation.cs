using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChainTrader.Functions.Hosting;

/// <summary>
/// The custom-handler request payload the Functions host POSTs to /{FunctionName}: trigger and input binding
/// data under "Data", trigger metadata under "Metadata". Standalone mode builds the same shape.
/// </summary>
public sealed record FunctionInvocation(
    [property: JsonPropertyName("Data")] IReadOnlyDictionary<string, JsonElement> Data,
    [property: JsonPropertyName("Metadata")] IReadOnlyDictionary<string, JsonElement> Metadata);

[JsonSerializable(typeof(FunctionInvocation))]
[JsonSerializable(typeof(FunctionResult))]
internal sealed partial class FunctionJson : JsonSerializerContext;
