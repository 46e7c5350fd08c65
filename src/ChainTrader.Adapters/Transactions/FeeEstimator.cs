using System.Numerics;
using ChainTrader.Adapters.Rpc;
using Microsoft.Extensions.Options;

namespace ChainTrader.Adapters.Transactions;

/// <summary>How fees are chosen: EIP-1559 when the chain has a base fee, legacy gas price otherwise (or as configured).</summary>
public enum FeeMode
{
    /// <summary>EIP-1559 when eth_feeHistory reports a base fee, legacy otherwise.</summary>
    Auto,
    Eip1559,
    Legacy,
}

public sealed class FeeEstimatorOptions
{
    public FeeMode Mode { get; set; } = FeeMode.Auto;

    /// <summary>How many recent blocks eth_feeHistory covers (1-1024).</summary>
    public int HistoryBlocks { get; set; } = 10;

    /// <summary>Which percentile of each block's priority fees to take (0-100); the median over the blocks is used.</summary>
    public decimal RewardPercentile { get; set; } = 50m;

    /// <summary>The least priority fee offered, in wei (quiet chains report 0 tips, which some builders ignore). Default 0.01 gwei.</summary>
    public BigInteger MinPriorityFeePerGas { get; set; } = 10_000_000;

    /// <summary>maxFeePerGas = multiplier × next base fee + priority fee. 2 survives six full blocks in a row (1.125^6 ≈ 2.03).</summary>
    public int BaseFeeMultiplier { get; set; } = 2;

    /// <summary>Refuse to sign above this fee per gas (wei); null means no cap. A spike then waits instead of overpaying.</summary>
    public BigInteger? MaxFeePerGasCap { get; set; }

    /// <summary>
    /// Replacement bump in basis points, applied to both the priority fee and the fee cap (or the gas price). At least 1 000:
    /// geth, Erigon, Nethermind and Hardhat all refuse a same-nonce replacement under +10 %; the default 12.5 % keeps a margin
    /// over that rule and over the rounding of each node's check.
    /// </summary>
    public int ReplacementBumpBps { get; set; } = 1_250;

    internal void Validate()
    {
        if (HistoryBlocks is < 1 or > 1024) throw new ArgumentOutOfRangeException(nameof(HistoryBlocks), HistoryBlocks, "HistoryBlocks must be 1 to 1024.");
        if (RewardPercentile is < 0 or > 100) throw new ArgumentOutOfRangeException(nameof(RewardPercentile), RewardPercentile, "RewardPercentile must be 0 to 100.");
        if (MinPriorityFeePerGas.Sign < 0) throw new ArgumentOutOfRangeException(nameof(MinPriorityFeePerGas), MinPriorityFeePerGas, "MinPriorityFeePerGas cannot be negative.");
        if (BaseFeeMultiplier < 1) throw new ArgumentOutOfRangeException(nameof(BaseFeeMultiplier), BaseFeeMultiplier, "BaseFeeMultiplier must be at least 1.");
        if (MaxFeePerGasCap is { Sign: <= 0 } cap) throw new ArgumentOutOfRangeException(nameof(MaxFeePerGasCap), cap, "MaxFeePerGasCap must be positive.");
        if (ReplacementBumpBps < 1_000)
            throw new ArgumentOutOfRangeException(nameof(ReplacementBumpBps), ReplacementBumpBps, "ReplacementBumpBps must be at least 1000 (+10 %): nodes refuse smaller bumps.");
    }
}

/// <summary>Fees for one transaction: EIP-1559 (fee cap and priority fee) or legacy (gas price).</summary>
public sealed record FeeQuote
{
    private FeeQuote() { }

    public bool IsEip1559 { get; private init; }
    public BigInteger? MaxFeePerGas { get; private init; }
    public BigInteger? MaxPriorityFeePerGas { get; private init; }
    public BigInteger? GasPrice { get; private init; }

    /// <summary>The next block's base fee the quote was made against (EIP-1559 only).</summary>
    public BigInteger? BaseFeePerGas { get; private init; }

    /// <summary>The most a unit of gas can cost under this quote: the fee cap, or the gas price.</summary>
    public BigInteger MaxCostPerGas => IsEip1559 ? MaxFeePerGas!.Value : GasPrice!.Value;

    public static FeeQuote Eip1559(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas, BigInteger? baseFeePerGas = null)
    {
        if (maxPriorityFeePerGas.Sign < 0) throw new ArgumentOutOfRangeException(nameof(maxPriorityFeePerGas), maxPriorityFeePerGas, "The priority fee cannot be negative.");
        if (maxFeePerGas < maxPriorityFeePerGas)
            throw new ArgumentException($"maxFeePerGas {maxFeePerGas} is below maxPriorityFeePerGas {maxPriorityFeePerGas}; nodes reject that.", nameof(maxFeePerGas));
        return new FeeQuote { IsEip1559 = true, MaxFeePerGas = maxFeePerGas, MaxPriorityFeePerGas = maxPriorityFeePerGas, BaseFeePerGas = baseFeePerGas };
    }

    public static FeeQuote Legacy(BigInteger gasPrice)
    {
        if (gasPrice.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(gasPrice), gasPrice, "The gas price must be positive.");
        return new FeeQuote { GasPrice = gasPrice };
    }

    public override string ToString() => IsEip1559
        ? $"EIP-1559 maxFee {MaxFeePerGas} wei, priority {MaxPriorityFeePerGas} wei (base fee {BaseFeePerGas?.ToString() ?? "unknown"})"
        : $"legacy gasPrice {GasPrice} wei";
}

/// <summary>The fee a quote asks for is above the configured cap; the transaction should wait rather than overpay.</summary>
public sealed class FeeCapExceededException(FeeQuote quote, BigInteger cap)
    : Exception($"Fees are above the cap of {cap} wei per gas: {quote}.")
{
    public FeeQuote Quote { get; } = quote;
    public BigInteger Cap { get; } = cap;
}

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
        _options = options.Value;
        _options.Validate();
    }

    public async Task<FeeQuote> EstimateAsync(CancellationToken cancellationToken = default)
    {
        var batch = _rpc.CreateBatch();
        var history = _options.Mode == FeeMode.Legacy ? null : batch.Add(Eth.FeeHistory(_options.HistoryBlocks, BlockTag.Latest, [_options.RewardPercentile]));
        var gasPrice = _options.Mode == FeeMode.Eip1559 ? null : batch.Add(Eth.GasPrice());
        await batch.SendAsync(cancellationToken).ConfigureAwait(false);

        FeeQuote quote;
        if (history is not null && (_options.Mode == FeeMode.Eip1559 || history.Error is null && history.Result.BaseFeePerGas is [.., { Sign: > 0 }]))
        {
            var fees = history.Result;
            if (fees.BaseFeePerGas.Count == 0) throw new InvalidOperationException("eth_feeHistory returned no base fees: the chain does not look EIP-1559.");
            var nextBaseFee = fees.BaseFeePerGas[^1];
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

    private static BigInteger MedianTip(FeeHistory history)
    {
        // Empty blocks report a 0 reward, which says nothing about what inclusion costs: only blocks with gas used count.
        var tips = history.Reward
            .Where((_, i) => i < history.GasUsedRatio.Count && history.GasUsedRatio[i] > 0)
            .Where(row => row.Count > 0)
            .Select(row => row[0])
            .Order()
            .ToList();
        if (tips.Count == 0) return 0;
        return tips.Count % 2 == 1 ? tips[tips.Count / 2] : (tips[tips.Count / 2 - 1] + tips[tips.Count / 2]) / 2;
    }

    private FeeQuote CheckCap(FeeQuote quote) =>
        _options.MaxFeePerGasCap is { } cap && quote.MaxCostPerGas > cap ? throw new FeeCapExceededException(quote, cap) : quote;
}
