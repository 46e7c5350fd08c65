namespace ChainTrader.Adapters.Rpc;

/// <summary>The endpoint's head block is too far behind the best head seen across the pool.</summary>
public sealed class RpcEndpointLaggingException(string endpoint, ulong headBlock, ulong bestHeadBlock, ulong maxLagBlocks)
    : RpcEndpointException(endpoint,
        $"{endpoint} is at block {headBlock}, {bestHeadBlock - headBlock} blocks behind the best head {bestHeadBlock} (allowed lag {maxLagBlocks}).")
{
    public ulong HeadBlock { get; } = headBlock;
    public ulong BestHeadBlock { get; } = bestHeadBlock;
}
