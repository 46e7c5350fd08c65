using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChainTrader.Adapters.Rpc;

/// <summary>
/// One JSON-RPC request with the parser for its result. Typed calls come from <see cref="Eth"/>; any other method can be
/// called through <see cref="RpcCalls.Raw"/>.
/// </summary>
public sealed class RpcCall<T>
{
    private readonly Func<JsonElement, T> _parseResult;

    public RpcCall(string method, JsonArray parameters, Func<JsonElement, T> parseResult)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(parseResult);
        Method = method;
        Parameters = (JsonArray)parameters.DeepClone();
        _parseResult = parseResult;
    }

    public string Method { get; }

    internal JsonArray Parameters { get; }

    /// <summary>The params array as sent, for logs and diagnostics.</summary>
    public string ParametersJson => Parameters.ToJsonString();

    /// <summary>Parses a result; a result that does not fit is the endpoint's fault.</summary>
    internal T Parse(JsonElement result, string endpoint)
    {
        try
        {
            return _parseResult(result);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException or InvalidCastException or JsonException)
        {
            throw new RpcMalformedResponseException(endpoint, $"{Method} on {endpoint} returned a malformed result: {e.Message}", e);
        }
    }
}
