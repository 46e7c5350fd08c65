using System.Numerics;

namespace ChainTrader.Core.Trades;

/// <summary>EIP-1559 fees in wei; a legacy transaction carries its gas price in both.</summary>
public sealed record TxFees(BigInteger MaxFeePerGas, BigInteger MaxPriorityFeePerGas)
{
    /// <summary>Both fees raised by at least <paramref name="percent"/> % (rounded up), as nodes require of a replacement.</summary>
    public TxFees BumpedBy(int percent) => new(BumpUp(MaxFeePerGas, percent), BumpUp(MaxPriorityFeePerGas, percent));

    public bool Covers(TxFees minimum) => MaxFeePerGas >= minimum.MaxFeePerGas && MaxPriorityFeePerGas >= minimum.MaxPriorityFeePerGas;

    private static BigInteger BumpUp(BigInteger value, int percent)
    {
        var scaled = value * (100 + percent);
        return BigInteger.DivRem(scaled, 100, out var remainder) + (remainder.IsZero ? 0 : 1);
    }
}
