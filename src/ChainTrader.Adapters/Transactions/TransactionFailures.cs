using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Evm.Abi;
using Nethereum.ABI.Model;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Adapters.Transactions;

/// <summary>Why a mined transaction reverted: its receipt only says status 0, so the call is replayed.</summary>
public static class TransactionFailures
{
    /// <summary>
    /// Replays the transaction with eth_call (same sender, target, calldata, value and gas) on the state of the block before
    /// the one it was mined in, and decodes the revert. The replay sees the parent block's state, not the transactions
    /// ahead of it in its own block, and the parent's timestamp: close, but not a proof, when the block was busy.
    /// Returns null when the replay does not revert (the failure depended on what changed within the block).
    /// </summary>
    public static async Task<RevertReason?> ExplainAsync(IRpcChannel rpc, TransactionReceipt receipt, IEnumerable<ErrorABI>? customErrors = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(receipt);
        if (receipt.Succeeded()) throw new ArgumentException($"Transaction {receipt.TransactionHash} succeeded; there is no revert to explain.", nameof(receipt));
        if (receipt.Height() == 0) throw new ArgumentException("A transaction in the genesis block cannot be replayed.", nameof(receipt));
        var transaction = await rpc.GetTransactionByHashAsync(receipt.TransactionHash, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The node no longer knows transaction {receipt.TransactionHash}.");
        var request = new CallInput { From = transaction.From, To = transaction.To, Data = transaction.Input, Value = transaction.Value, Gas = transaction.Gas };
        try
        {
            await rpc.CallAsync(request, new BlockParameter(receipt.Height() - 1), cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (JsonRpcErrorException e) when (ContractRevertException.TryGetRevert(e, customErrors) is { } reason)
        {
            return reason;
        }
    }
}
