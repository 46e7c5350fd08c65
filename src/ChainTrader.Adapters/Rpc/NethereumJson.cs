using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ChainTrader.Adapters.Rpc;

/// <summary>
/// System.Text.Json options for Nethereum's types (its JSON-RPC messages and RPC models). They carry System.Text.Json
/// attributes and converters, but their id, params and error data are typed object: they need the reflection resolver,
/// which writes our JsonNode parameters as they are and reads object members as JsonElement.
/// </summary>
internal static class NethereumJson
{
    public static JsonSerializerOptions Options { get; } = new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
}
