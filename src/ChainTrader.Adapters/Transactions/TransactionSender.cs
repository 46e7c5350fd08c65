using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Evm.Abi;
using Nethereum.ABI.Model;
using Microsoft.Extensions.Logging;
using LegacyTransactionChainId = Nethereum.Model.LegacyTransactionChainId;
using SignedTransaction = Nethereum.Model.SignedTransaction;
using Transaction1559 = Nethereum.Model.Transaction1559;

namespace ChainTrader.Adapters.Transactions;

/// <summary>
/// A signed transaction ready to be stored and then broadcast. Store <see cref="RawTransaction"/> and <see cref="Hash"/>
/// first, then call <see cref="NonceManager.MarkSignedAsync"/> with <see cref="Lease"/>, then broadcast.
/// </summary>
public sealed record PreparedTransaction(RawTransaction Signed, NonceLease Lease, FeeQuote Fees, GasEstimate Gas)
{
    public byte[] RawTransaction => Signed.ToRawBytes();
    public string Hash => Signed.HashHex;
}

public enum BroadcastOutcome
{
    /// <summary>The endpoint took the transaction into its pool (its answer was our hash).</summary>
    Accepted,

    /// <summary>The endpoint already had our transaction (pending or mined), by its own word or by eth_getTransactionByHash.</summary>
    AlreadyKnown,

    /// <summary>"nonce too low" and our hash is unknown there: another transaction used the nonce.</summary>
    NonceConsumed,

    /// <summary>The endpoint refused it for another reason (underpriced, insufficient funds, ...).</summary>
    Rejected,

    /// <summary>No usable answer (connection, timeout, garbage).</summary>
    Unreachable,
}

public sealed record EndpointBroadcast(int Endpoint, BroadcastOutcome Outcome, string? Message);

/// <summary>
/// The result over all endpoints. <see cref="IsInPool"/>: at least one endpoint has our transaction, so waiting for
/// the receipt is right. Otherwise <see cref="Outcome"/> is the most telling failure (nonce consumed, then rejected,
/// then unreachable).
/// </summary>
public sealed record BroadcastResult(string Hash, BroadcastOutcome Outcome, IReadOnlyList<EndpointBroadcast> Endpoints)
{
    public bool IsInPool => Outcome is BroadcastOutcome.Accepted or BroadcastOutcome.AlreadyKnown;
}

/// <summary>
/// Builds and signs transactions without sending them (the lifecycle stores the bytes first), and broadcasts stored bytes
/// to several endpoints. EIP-1559 (type 2) when the fee quote is EIP-1559, legacy with EIP-155 otherwise.
/// </summary>
public sealed class TransactionSender(ulong chainId, FeeEstimator fees, GasEstimator gas, NonceManager nonces, ILogger<TransactionSender> logger)
{
    private readonly FeeEstimator _fees = fees ?? throw new ArgumentNullException(nameof(fees));
    private readonly GasEstimator _gas = gas ?? throw new ArgumentNullException(nameof(gas));
    private readonly NonceManager _nonces = nonces?.ChainId == chainId ? nonces : throw new ArgumentException($"The nonce manager must serve chain {chainId}.", nameof(nonces));
    private readonly ILogger<TransactionSender> _logger = logger ?? throw new ArgumentNullException(nameof(logger));

    public ulong ChainId { get; } = chainId;

    /// <summary>
    /// Fees, gas (a call that would revert throws <see cref="ContractRevertException"/> and takes no nonce), a nonce, then
    /// the signature. Nothing is broadcast. If signing fails after the nonce was taken, the nonce is handed back.
    /// </summary>
    public async Task<PreparedTransaction> PrepareAsync(ContractCall call, PrivateKey signer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(signer);
        var quote = await _fees.EstimateAsync(cancellationToken).ConfigureAwait(false);
        var gasEstimate = await _gas.EstimateAsync(call, signer.Address, cancellationToken).ConfigureAwait(false);
        var lease = await _nonces.AcquireAsync(signer.Address, cancellationToken).ConfigureAwait(false);
        try
        {
            var signed = signer.Sign(Build(ChainId, call, lease.Nonce, gasEstimate.GasLimit, quote));
            _logger.LogInformation("Signed {Hash} from {Signer} nonce {Nonce} on chain {ChainId}: {Call}, gas {GasLimit}, {Fees}",
                signed.HashHex, signer.Address, lease.Nonce, ChainId, call, gasEstimate.GasLimit, quote);
            return new PreparedTransaction(signed, lease, quote, gasEstimate);
        }
        catch
        {
            await _nonces.ReleaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The unsigned transaction: <see cref="Transaction1559"/> for an EIP-1559 quote, <see cref="LegacyTransactionChainId"/> (EIP-155) otherwise.</summary>
    public static SignedTransaction Build(ulong chainId, ContractCall call, ulong nonce, ulong gasLimit, FeeQuote fees)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(fees);
        if (chainId == 0) throw new ArgumentOutOfRangeException(nameof(chainId), chainId, "Chain id 0 has no replay protection; give the chain's id.");
        if (gasLimit < 21_000) throw new ArgumentOutOfRangeException(nameof(gasLimit), gasLimit, "A transaction needs at least 21000 gas.");
        var to = call.To.ToLowerHex();
        return fees.IsEip1559
            ? new Transaction1559(chainId, nonce, fees.MaxPriorityFeePerGas!.Value, fees.MaxFeePerGas!.Value, gasLimit, to, call.Value, Hex.Encode(call.Data), [])
            : new LegacyTransactionChainId(to, call.Value, nonce, fees.GasPrice!.Value, gasLimit, Hex.Encode(call.Data), chainId);
    }

    /// <summary>
    /// Sends the same signed bytes to every endpoint at once. "already known" and "nonce too low" are not failures by
    /// themselves: the endpoint is asked (eth_getTransactionByHash) whether it has our hash, pending or mined.
    /// </summary>
    public static async Task<BroadcastResult> BroadcastAsync(byte[] rawTransaction, IReadOnlyList<IRpcChannel> endpoints, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rawTransaction);
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.Count == 0) throw new ArgumentException("Give at least one endpoint to broadcast to.", nameof(endpoints));
        var hash = RawTransaction.Decode(rawTransaction).HashHex; // refuses bytes that are not a signed transaction
        var results = await Task.WhenAll(endpoints.Select((endpoint, i) => SendToAsync(i, endpoint, rawTransaction, hash, cancellationToken))).ConfigureAwait(false);
        BroadcastOutcome[] preference = [BroadcastOutcome.Accepted, BroadcastOutcome.AlreadyKnown, BroadcastOutcome.NonceConsumed, BroadcastOutcome.Rejected, BroadcastOutcome.Unreachable];
        return new BroadcastResult(hash, preference.First(o => results.Any(r => r.Outcome == o)), results);
    }

    private static async Task<EndpointBroadcast> SendToAsync(int index, IRpcChannel endpoint, byte[] raw, string hash, CancellationToken cancellationToken)
    {
        try
        {
            var answered = await endpoint.SendRawTransactionAsync(raw, cancellationToken).ConfigureAwait(false);
            return string.Equals(answered, hash, StringComparison.OrdinalIgnoreCase)
                ? new EndpointBroadcast(index, BroadcastOutcome.Accepted, null)
                : new EndpointBroadcast(index, BroadcastOutcome.Rejected, $"the endpoint answered hash {answered}, not {hash}");
        }
        catch (RpcException e)
        {
            var message = e.RpcMessage;
            if (!IsAlreadyKnown(message) && !IsNonceTooLow(message))
                return new EndpointBroadcast(index, BroadcastOutcome.Rejected, message);
            try
            {
                var known = await endpoint.GetTransactionByHashAsync(hash, cancellationToken).ConfigureAwait(false);
                return known is not null
                    ? new EndpointBroadcast(index, BroadcastOutcome.AlreadyKnown, message)
                    : new EndpointBroadcast(index, IsNonceTooLow(message) ? BroadcastOutcome.NonceConsumed : BroadcastOutcome.Rejected, message);
            }
            catch (Exception lookup) when (lookup is RpcException or RpcEndpointException or RpcPoolUnavailableException or TimeoutException)
            {
                return new EndpointBroadcast(index, BroadcastOutcome.Unreachable, $"{message}; then eth_getTransactionByHash failed: {lookup.Message}");
            }
        }
        catch (Exception e) when (e is RpcEndpointException or RpcPoolUnavailableException or TimeoutException or HttpRequestException
                                      or Polly.Timeout.TimeoutRejectedException)
        {
            return new EndpointBroadcast(index, BroadcastOutcome.Unreachable, e.Message);
        }
    }

    // geth/Erigon: "already known"; Hardhat: "Known transaction: 0x..."; Nethermind: "AlreadyKnown".
    private static bool IsAlreadyKnown(string message) =>
        message.Contains("already known", StringComparison.OrdinalIgnoreCase)
        || message.Contains("known transaction", StringComparison.OrdinalIgnoreCase)
        || message.Contains("alreadyknown", StringComparison.OrdinalIgnoreCase);

    // geth: "nonce too low"; Hardhat: "Nonce too low. Expected nonce to be ..."; Nethermind: "OldNonce".
    private static bool IsNonceTooLow(string message) =>
        message.Contains("nonce too low", StringComparison.OrdinalIgnoreCase) || message.Contains("oldnonce", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Why a mined transaction reverted: its receipt only says status 0, so the call is replayed.</summary>
public static class TransactionFailures
{
    /// <summary>
    /// Replays the transaction with eth_call (same sender, target, calldata, value and gas) on the state of the block before
    /// the one it was mined in, and decodes the revert. The replay sees the parent block's state, not the transactions
    /// ahead of it in its own block, and the parent's timestamp: close, but not a proof, when the block was busy.
    /// Returns null when the replay does not revert (the failure depended on what changed within the block).
    /// </summary>
    public static async Task<RevertReason?> ExplainAsync(IRpcChannel rpc, Receipt receipt, IEnumerable<ErrorABI>? customErrors = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(receipt);
        if (receipt.Succeeded) throw new ArgumentException($"Transaction {receipt.TransactionHash} succeeded; there is no revert to explain.", nameof(receipt));
        if (receipt.BlockNumber == 0) throw new ArgumentException("A transaction in the genesis block cannot be replayed.", nameof(receipt));
        var transaction = await rpc.GetTransactionByHashAsync(receipt.TransactionHash, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The node no longer knows transaction {receipt.TransactionHash}.");
        var request = new TransactionRequest
        {
            From = transaction.From, To = transaction.To, Data = transaction.Input, Value = transaction.Value, Gas = transaction.Gas,
        };
        try
        {
            await rpc.CallAsync(request, receipt.BlockNumber - 1, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (RpcException e) when (ContractRevertException.TryGetRevert(e, customErrors) is { } reason)
        {
            return reason;
        }
    }
}
