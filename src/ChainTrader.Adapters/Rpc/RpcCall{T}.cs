using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChainTrader.Adapters.Rpc;

public sealed class RpcCall<T>(string method, JsonArray parameters, Func<JsonElement, T> parseResult) : RpcCall(method, parameters)
{
    /// <summary>Parses a result; a result that does not fit is the endpoint's fault.</summary>
    internal T Parse(JsonElement result, string endpoint)
    {
        try
        {
            return parseResult(result);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException)
        {
            throw new RpcMalformedResponseException(endpoint, $"{Method} on {endpoint} returned a malformed result: {e.Message}", e);
        }
    }
}
