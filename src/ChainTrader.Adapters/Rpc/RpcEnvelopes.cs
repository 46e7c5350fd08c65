using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ChainTrader.Adapters.Rpc;

internal sealed record RpcRequestEnvelope(
    [property: JsonPropertyName("jsonrpc")] string JsonRpc,
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("params")] JsonArray Params);

/// <summary>
/// A response object. <see cref="Result"/> keeps JSON null (ValueKind Null) apart from a missing member
/// (ValueKind Undefined), which matters for "not found" answers such as a receipt of an unknown transaction.
/// </summary>
internal sealed class RpcResponseEnvelope
{
    [JsonPropertyName("jsonrpc")] public string? JsonRpc { get; set; }
    [JsonPropertyName("id")] public JsonElement Id { get; set; }
    [JsonPropertyName("result")] public JsonElement Result { get; set; }
    [JsonPropertyName("error")] public RpcErrorObject? Error { get; set; }
}

internal sealed class RpcErrorObject
{
    [JsonPropertyName("code")] public int Code { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("data")] public JsonElement Data { get; set; }
}

[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(RpcRequestEnvelope))]
[JsonSerializable(typeof(RpcRequestEnvelope[]))]
[JsonSerializable(typeof(RpcResponseEnvelope))]
[JsonSerializable(typeof(RpcResponseEnvelope[]))]
internal sealed partial class RpcJsonContext : JsonSerializerContext;
