using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core;
using ChainTrader.Core.Evm;
using Microsoft.Extensions.Logging;
using LegacyTransactionChainId = Nethereum.Model.LegacyTransactionChainId;
using SignedTransaction = Nethereum.Model.SignedTransaction;
using Transaction1559 = Nethereum.Model.Transaction1559;

namespace ChainTrader.Adapters.Transactions;

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
    /// themselves: the endpoint is asked (eth_getTransactionByHash) whether it has our hash, pending or mined. An endpoint
    /// that is rate limited, not ready, or silent for <paramref name="endpointTimeout"/> (default <see cref="EndpointTimeout"/>)
    /// is unreachable, not a refusal: it did not judge the transaction and may still take it.
    /// </summary>
    public static async Task<BroadcastReport> BroadcastAsync(byte[] rawTransaction, IReadOnlyList<IRpcChannel> endpoints, CancellationToken cancellationToken = default,
        TimeSpan? endpointTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(rawTransaction);
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.Count == 0) throw new ArgumentException("Give at least one endpoint to broadcast to.", nameof(endpoints));
        var hash = RawTransaction.Decode(rawTransaction).HashHex; // refuses bytes that are not a signed transaction
        var results = await Task.WhenAll(endpoints.Select((endpoint, i) => SendToAsync(i, endpoint, rawTransaction, hash, endpointTimeout ?? EndpointTimeout, cancellationToken))).ConfigureAwait(false);
        BroadcastVerdict[] preference =
            [BroadcastVerdict.Accepted, BroadcastVerdict.AlreadyKnown, BroadcastVerdict.NonceConsumed, BroadcastVerdict.NonceAhead, BroadcastVerdict.Rejected, BroadcastVerdict.Unreachable];
        return new BroadcastReport(hash, preference.First(o => results.Any(r => r.Outcome == o)), results);
    }

    /// <summary>
    /// How long one endpoint has to answer a send (and the lookup after it): the endpoints are plain clients, not the pool
    /// with its timeout, and one that never answers must not hold the broadcast, which waits for every endpoint.
    /// </summary>
    public static readonly TimeSpan EndpointTimeout = TimeSpan.FromSeconds(30);

    private static async Task<EndpointBroadcast> SendToAsync(int index, IRpcChannel endpoint, byte[] raw, string hash, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            return await SendAndJudgeAsync(index, endpoint, raw, hash, bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new EndpointBroadcast(index, BroadcastVerdict.Unreachable, $"no answer within {timeout.TotalSeconds:0.#} s");
        }
    }

    private static async Task<EndpointBroadcast> SendAndJudgeAsync(int index, IRpcChannel endpoint, byte[] raw, string hash, CancellationToken bounded)
    {
        try
        {
            var answered = await endpoint.SendRawTransactionAsync(raw, bounded).ConfigureAwait(false);
            return string.Equals(answered, hash, StringComparison.OrdinalIgnoreCase)
                ? new EndpointBroadcast(index, BroadcastVerdict.Accepted, null)
                : new EndpointBroadcast(index, BroadcastVerdict.Rejected, $"the endpoint answered hash {answered}, not {hash}");
        }
        catch (JsonRpcErrorException e) when (e.IsEndpointFault)
        {
            // Rate limited or not ready: the endpoint did not judge the transaction, and may yet take the bytes.
            return new EndpointBroadcast(index, BroadcastVerdict.Unreachable, e.RpcMessage);
        }
        catch (JsonRpcErrorException e)
        {
            var message = e.RpcMessage;
            if (IsNonceTooHigh(message)) return new EndpointBroadcast(index, BroadcastVerdict.NonceAhead, message);
            if (!IsAlreadyKnown(message) && !IsNonceTooLow(message))
                return new EndpointBroadcast(index, BroadcastVerdict.Rejected, message);
            try
            {
                var known = await endpoint.GetTransactionByHashAsync(hash, bounded).ConfigureAwait(false);
                return known is not null
                    ? new EndpointBroadcast(index, BroadcastVerdict.AlreadyKnown, message)
                    : new EndpointBroadcast(index, IsNonceTooLow(message) ? BroadcastVerdict.NonceConsumed : BroadcastVerdict.Rejected, message);
            }
            catch (Exception lookup) when (lookup is JsonRpcErrorException or RpcEndpointException or RpcPoolUnavailableException or TimeoutException)
            {
                return new EndpointBroadcast(index, BroadcastVerdict.Unreachable, $"{message}; then eth_getTransactionByHash failed: {lookup.Message}");
            }
        }
        catch (Exception e) when (e is RpcEndpointException or RpcPoolUnavailableException or TimeoutException or HttpRequestException
                                      or Polly.Timeout.TimeoutRejectedException)
        {
            return new EndpointBroadcast(index, BroadcastVerdict.Unreachable, e.Message);
        }
    }

    // geth/Erigon: "already known"; Hardhat: "Known transaction: 0x..."; Nethermind: "AlreadyKnown".
    private static bool IsAlreadyKnown(string message) =>
        message.Contains("already known", StringComparison.OrdinalIgnoreCase)
        || message.Contains("known transaction", StringComparison.OrdinalIgnoreCase)
        || message.Contains("alreadyknown", StringComparison.OrdinalIgnoreCase);

    // geth and Hardhat: "nonce too high" (Hardhat: "... Note that transactions can't be queued when automining."); Nethermind: "NonceGap".
    private static bool IsNonceTooHigh(string message) =>
        message.Contains("nonce too high", StringComparison.OrdinalIgnoreCase) || message.Contains("noncegap", StringComparison.OrdinalIgnoreCase);

    // geth: "nonce too low"; Hardhat: "Nonce too low. Expected nonce to be ..."; Nethermind: "OldNonce".
    private static bool IsNonceTooLow(string message) =>
        message.Contains("nonce too low", StringComparison.OrdinalIgnoreCase) || message.Contains("oldnonce", StringComparison.OrdinalIgnoreCase);
}
