using System.Numerics;
using ChainTrader.Adapters.Rpc;
using Nethereum.RPC.Eth.DTOs;
using Microsoft.Extensions.Options;

namespace ChainTrader.Adapters.Transactions;

/// <summary>
/// Fees from the chain in one round trip (eth_feeHistory and eth_gasPrice batched).
/// <para>
/// EIP-1559: priority fee = the median, over the last <see cref="FeeEstimatorOptions.HistoryBlocks"/> blocks that carried
/// transactions, of each block's <see cref="FeeEstimatorOptions.RewardPercentile"/>th-percentile tip, at least
/// <see cref="FeeEstimatorOptions.MinPriorityFeePerGas"/>; maxFeePerGas = <see cref="FeeEstimatorOptions.BaseFeeMultiplier"/> × the
/// next block's base fee (the last entry of baseFeePerGas) + priority fee. The transaction pays only base fee + tip; the
/// headroom keeps it includable while the base fee rises. Legacy: the node's eth_gasPrice.
/// </para>
/// </summary>
public sealed class FeeEstimator
{
    private readonly IRpcChannel _rpc;
    private readonly FeeEstimatorOptions _options;

    public FeeEstimator(IRpcChannel rpc, IOptions<FeeEstimatorOptions> options)
    {
        _rpc = rpc ?? throw new ArgumentNullException(nameof(rpc));
        ArgumentNullException.ThrowIfNull(options);
        _options = new FeeEstimatorOptionsValidator().ThrowIfInvalid(options.Value);
    }

    public async Task<FeeQuote> EstimateAsync(CancellationToken cancellationToken = default)
    {
        var batch = _rpc.CreateBatch();
        var history = _options.Mode == FeeMode.Legacy ? null : batch.Add(Eth.FeeHistory(_options.HistoryBlocks, BlockParameter.CreateLatest(), [_options.RewardPercentile]));
        var gasPrice = _options.Mode == FeeMode.Eip1559 ? null : batch.Add(Eth.GasPrice());
        await batch.SendAsync(cancellationToken).ConfigureAwait(false);

        FeeQuote quote;
        if (history is not null && (_options.Mode == FeeMode.Eip1559 || history.Error is null && history.Result.BaseFeePerGas is [.., { Value.Sign: > 0 }]))
        {
            var fees = history.Result;
            if (fees.BaseFeePerGas is not { Length: > 0 }) throw new InvalidOperationException("eth_feeHistory returned no base fees: the chain does not look EIP-1559.");
            var nextBaseFee = fees.BaseFeePerGas[^1].Value;
            var tip = BigInteger.Max(_options.MinPriorityFeePerGas, MedianTip(fees));
            quote = FeeQuote.Eip1559(_options.BaseFeeMultiplier * nextBaseFee + tip, tip, nextBaseFee);
        }
        else
        {
            quote = FeeQuote.Legacy(gasPrice!.Result);
        }
        return CheckCap(quote);
    }

    /// <summary>
    /// Fees for a same-nonce replacement: each of <paramref name="previous"/>'s fields raised by
    /// <see cref="FeeEstimatorOptions.ReplacementBumpBps"/> (rounded up), or to <paramref name="current"/>'s when that is higher.
    /// The kind (EIP-1559 or legacy) stays that of <paramref name="previous"/>.
    /// </summary>
    public FeeQuote Bump(FeeQuote previous, FeeQuote? current = null)
    {
        ArgumentNullException.ThrowIfNull(previous);
        if (current is not null && current.IsEip1559 != previous.IsEip1559)
            throw new ArgumentException($"Cannot bump {previous} with a quote of the other kind ({current}).", nameof(current));
        if (!previous.IsEip1559)
            return CheckCap(FeeQuote.Legacy(BigInteger.Max(Raise(previous.GasPrice!.Value), current?.GasPrice ?? 0)));
        var tip = BigInteger.Max(Raise(previous.MaxPriorityFeePerGas!.Value), current?.MaxPriorityFeePerGas ?? 0);
        var cap = BigInteger.Max(Raise(previous.MaxFeePerGas!.Value), current?.MaxFeePerGas ?? 0);
        return CheckCap(FeeQuote.Eip1559(BigInteger.Max(cap, tip), tip, current?.BaseFeePerGas ?? previous.BaseFeePerGas));
    }

    private BigInteger Raise(BigInteger fee)
    {
        var raised = (fee * (10_000 + _options.ReplacementBumpBps) + 9_999) / 10_000;
        // A zero tip raised by a percentage is still zero, which no node takes as a replacement.
        return raised > fee ? raised : fee + 1;
    }

    private static BigInteger MedianTip(FeeHistoryResult history)
    {
        // Empty blocks report a 0 reward, which says nothing about what inclusion costs: only blocks with gas used count.
        var ratios = history.GasUsedRatio ?? [];
        var tips = (history.Reward ?? [])
            .Where((_, i) => i < ratios.Length && ratios[i] > 0)
            .Where(row => row is { Length: > 0 })
            .Select(row => row[0].Value)
            .Order()
            .ToList();
        if (tips.Count == 0) return 0;
        return tips.Count % 2 == 1 ? tips[tips.Count / 2] : (tips[tips.Count / 2 - 1] + tips[tips.Count / 2]) / 2;
    }

    private FeeQuote CheckCap(FeeQuote quote) =>
        _options.MaxFeePerGasCap is { } cap && quote.MaxCostPerGas > cap ? throw new FeeCapExceededException(quote, cap) : quote;
}
