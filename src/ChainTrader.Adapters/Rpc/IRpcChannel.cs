namespace ChainTrader.Adapters.Rpc;

/// <summary>
/// Something that executes JSON-RPC calls: a single endpoint (<see cref="JsonRpcClient"/>) or a failover pool
/// (<see cref="RpcPool"/>). The typed Ethereum methods are extension methods in <see cref="EthRpcExtensions"/>.
/// </summary>
public interface IRpcChannel
{
    /// <summary>Sends one call; a JSON-RPC error is thrown as <see cref="JsonRpcErrorException"/>.</summary>
    Task<T> CallAsync<T>(RpcCall<T> call, CancellationToken cancellationToken = default);

    /// <summary>Sends all calls of the batch in one request; per-call errors are left on the items.</summary>
    Task SendBatchAsync(RpcBatch batch, CancellationToken cancellationToken = default);
}
