using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChainTrader.Adapters.Rpc;

/// <summary>Calls of methods that <see cref="Eth"/> does not type (node-specific ones such as evm_mine, or eth_call with overrides).</summary>
public static class RpcCalls
{
    /// <summary>A call whose result is returned as a detached <see cref="JsonElement"/> (any shape, including null).</summary>
    public static RpcCall<JsonElement> Raw(string method, params JsonNode?[] parameters) =>
        new(method, new JsonArray(parameters.Select(p => p?.DeepClone()).ToArray()), result => result.Clone());
}
