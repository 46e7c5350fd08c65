using System.Net;

namespace ChainTrader.Adapters.Rpc;

/// <summary>No usable HTTP answer: connection refused or reset, HTTP error status, or a timeout.</summary>
public sealed class RpcTransportException(string endpoint, string message, HttpStatusCode? statusCode = null, Exception? inner = null)
    : RpcEndpointException(endpoint, message, inner)
{
    /// <summary>The HTTP status when the endpoint answered with an error status.</summary>
    public HttpStatusCode? StatusCode { get; } = statusCode;
}
