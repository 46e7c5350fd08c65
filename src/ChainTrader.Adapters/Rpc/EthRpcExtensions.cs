using System.Numerics;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Adapters.Rpc;

/// <summary>The typed Ethereum methods on any <see cref="IRpcChannel"/> (a client or a pool).</summary>
public static class EthRpcExtensions
{
    public static RpcBatch CreateBatch(this IRpcChannel channel) => new(channel);

    public static Task<ulong> GetChainIdAsync(this IRpcChannel rpc, CancellationToken ct = default) =>
        rpc.CallAsync(Eth.ChainId(), ct);

    public static Task<ulong> GetBlockNumberAsync(this IRpcChannel rpc, CancellationToken ct = default) =>
        rpc.CallAsync(Eth.BlockNumber(), ct);

    public static Task<BlockWithTransactionHashes?> GetBlockByNumberAsync(this IRpcChannel rpc, BlockParameter block, CancellationToken ct = default) =>
        rpc.CallAsync(Eth.GetBlockByNumber(block), ct);

    public static Task<BlockWithTransactions?> GetBlockWithTransactionsByNumberAsync(this IRpcChannel rpc, BlockParameter block, CancellationToken ct = default) =>
        rpc.CallAsync(Eth.GetBlockWithTransactionsByNumber(block), ct);

    public static Task<BlockWithTransactionHashes?> GetBlockByHashAsync(this IRpcChannel rpc, string blockHash, CancellationToken ct = default) =>
        rpc.CallAsync(Eth.GetBlockByHash(blockHash), ct);

    public static Task<byte[]> CallAsync(this IRpcChannel rpc, CallInput transaction, BlockParameter block, CancellationToken ct = default) =>
        rpc.CallAsync(Eth.Call(transaction, block), ct);

    public static Task<ulong> EstimateGasAsync(this IRpcChannel rpc, CallInput transaction, BlockParameter? block = null, CancellationToken ct = default) =>
        rpc.CallAsync(Eth.EstimateGas(transaction, block), ct);

    public static Task<BigInteger> GetGasPriceAsync(this IRpcChannel rpc, CancellationToken ct = default) =>
        rpc.CallAsync(Eth.GasPrice(), ct);

    public static Task<BigInteger> GetMaxPriorityFeePerGasAsync(this IRpcChannel rpc, CancellationToken ct = default) =>
        rpc.CallAsync(Eth.MaxPriorityFeePerGas(), ct);

    public static Task<FeeHistoryResult> GetFeeHistoryAsync(this IRpcChannel rpc, int blockCount, BlockParameter newestBlock, IReadOnlyList<decimal> rewardPercentiles, CancellationToken ct = default) =>
        rpc.CallAsync(Eth.FeeHistory(blockCount, newestBlock, rewardPercentiles), ct);

    public static Task<ulong> GetTransactionCountAsync(this IRpcChannel rpc, string address, BlockParameter block, CancellationToken ct = default) =>
        rpc.CallAsync(Eth.GetTransactionCount(address, block), ct);

    public static Task<BigInteger> GetBalanceAsync(this IRpcChannel rpc, string address, BlockParameter block, CancellationToken ct = default) =>
        rpc.CallAsync(Eth.GetBalance(address, block), ct);

    public static Task<string> SendRawTransactionAsync(this IRpcChannel rpc, byte[] signedTransaction, CancellationToken ct = default) =>
        rpc.CallAsync(Eth.SendRawTransaction(signedTransaction), ct);

    public static Task<TransactionReceipt?> GetTransactionReceiptAsync(this IRpcChannel rpc, string transactionHash, CancellationToken ct = default) =>
        rpc.CallAsync(Eth.GetTransactionReceipt(transactionHash), ct);

    public static Task<Transaction?> GetTransactionByHashAsync(this IRpcChannel rpc, string transactionHash, CancellationToken ct = default) =>
        rpc.CallAsync(Eth.GetTransactionByHash(transactionHash), ct);

    public static Task<IReadOnlyList<FilterLog>> GetLogsAsync(this IRpcChannel rpc, NewFilterInput filter, CancellationToken ct = default) =>
        rpc.CallAsync(Eth.GetLogs(filter), ct);
}
