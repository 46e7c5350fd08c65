using System.Numerics;

namespace ChainTrader.Adapters.Transactions;

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
