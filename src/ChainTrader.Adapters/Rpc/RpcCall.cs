using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChainTrader.Adapters.Rpc;

/// <summary>
/// One JSON-RPC request with the parser for its result. Typed calls come from <see cref="Eth"/>; any other method can be
/// called by constructing one directly.
/// </summary>
public abstract class RpcCall
{
    private readonly JsonArray _parameters;

    private protected RpcCall(string method, JsonArray parameters)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentNullException.ThrowIfNull(parameters);
        Method = method;
        _parameters = (JsonArray)parameters.DeepClone();
    }

    public string Method { get; }

    internal JsonArray Parameters => _parameters;

    /// <summary>The params array as sent, for logs and diagnostics.</summary>
    public string ParametersJson => _parameters.ToJsonString();

    /// <summary>A call whose result is returned as a detached <see cref="JsonElement"/> (any shape, including null).</summary>
    public static RpcCall<JsonElement> Raw(string method, params JsonNode?[] parameters) =>
        new(method, new JsonArray(parameters.Select(p => p?.DeepClone()).ToArray()), result => result.Clone());
}
