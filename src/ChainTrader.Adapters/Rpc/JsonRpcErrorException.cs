using System.Text.Json;
using ChainTrader.Core;
using Polly.Timeout;

namespace ChainTrader.Adapters.Rpc;

/// <summary>
/// A JSON-RPC error object returned by a node (execution reverted, nonce too low, invalid params...).
/// The node answered properly, so this is normally not an endpoint fault: it is neither retried nor failed over,
/// except for the few codes that mean "this endpoint cannot serve you right now" (see <see cref="IsEndpointFault"/>).
/// </summary>
public sealed class JsonRpcErrorException : Exception
{
    public JsonRpcErrorException(string method, string endpoint, int code, string rpcMessage, JsonElement? errorData)
        : base($"{method} failed on {endpoint}: JSON-RPC error {code}: {rpcMessage}{DescribeData(errorData)}")
    {
        Method = method;
        Endpoint = endpoint;
        Code = code;
        RpcMessage = rpcMessage;
        ErrorData = errorData;
    }

    public string Method { get; }

    /// <summary>The endpoint that answered, redacted (no credentials, query or path secrets).</summary>
    public string Endpoint { get; }

    public int Code { get; }
    public string RpcMessage { get; }

    /// <summary>The error's <c>data</c> member as sent, if any (a hex string on geth-style nodes, an object on some others).</summary>
    public JsonElement? ErrorData { get; }

    /// <summary>
    /// Revert data when the node supplied it: <c>data</c> as a hex string (geth, code 3), or <c>data.data</c> as a hex string
    /// (Hardhat and other Ganache-style nodes). Null when absent or not hex.
    /// </summary>
    public byte[]? RevertData => ErrorData switch
    {
        { ValueKind: JsonValueKind.String } s => TryDecode(s.GetString()),
        { ValueKind: JsonValueKind.Object } o when o.TryGetProperty("data", out var inner) && inner.ValueKind == JsonValueKind.String
            => TryDecode(inner.GetString()),
        _ => null,
    };

    /// <summary>
    /// True for the codes that say the endpoint, not the request, is the problem: -32700 parse error and -32600 invalid request
    /// (our envelope is well-formed, so the endpoint mangled it), -32002 resource unavailable and -32005 limit exceeded
    /// (EIP-1474: node not ready / rate limited). -32603 "internal error" is deliberately not here: Hardhat uses it for
    /// ordinary reverts.
    /// </summary>
    public bool IsEndpointFault => Code is -32700 or -32600 or -32002 or -32005;

    private static byte[]? TryDecode(string? hex)
    {
        if (hex is null || !hex.StartsWith("0x", StringComparison.Ordinal)) return null;
        try { return Hex.Decode(hex); }
        catch (FormatException) { return null; }
    }

    private static string DescribeData(JsonElement? data)
    {
        if (data is null) return "";
        var text = data.Value.GetRawText();
        return " (data: " + (text.Length <= 300 ? text : text[..297] + "...") + ")";
    }
}

internal static class RpcFaults
{
    /// <summary>Whether an exception means the endpoint (not the request or the caller) failed.</summary>
    public static bool IsEndpointFault(Exception exception) => exception switch
    {
        RpcEndpointException => true,
        TimeoutRejectedException => true,
        JsonRpcErrorException rpc => rpc.IsEndpointFault,
        _ => false,
    };
}
