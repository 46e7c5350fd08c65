namespace ChainTrader.Adapters.Rpc;

/// <summary>The endpoint serves another chain than the one it is configured for.</summary>
public sealed class RpcChainMismatchException(string endpoint, ulong expectedChainId, ulong actualChainId)
    : RpcEndpointException(endpoint, $"{endpoint} serves chain id {actualChainId}, expected {expectedChainId}.")
{
    public ulong ExpectedChainId { get; } = expectedChainId;
    public ulong ActualChainId { get; } = actualChainId;
}
