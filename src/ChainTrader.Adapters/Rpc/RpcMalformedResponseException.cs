namespace ChainTrader.Adapters.Rpc;

/// <summary>The endpoint answered, but not with valid JSON-RPC: not JSON, wrong shape, missing ids, bad hex.</summary>
public sealed class RpcMalformedResponseException(string endpoint, string message, Exception? inner = null)
    : RpcEndpointException(endpoint, message, inner);
