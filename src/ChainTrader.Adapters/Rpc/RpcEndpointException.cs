namespace ChainTrader.Adapters.Rpc;

/// <summary>The endpoint itself misbehaved: it should be counted against its circuit breaker and the call failed over.</summary>
public abstract class RpcEndpointException(string endpoint, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The endpoint, redacted.</summary>
    public string Endpoint { get; } = endpoint;
}
