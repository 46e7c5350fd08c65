using System.Numerics;
using ChainTrader.Core.Evm;

namespace ChainTrader.Adapters.Contracts;

/// <summary>
/// An exact-input quote with the pools it went through. <see cref="PriceImpactBps"/> excludes the LP fees (it is the
/// pools' depth at work); <see cref="TotalCostBps"/> is everything lost against the mid price, fees included.
/// </summary>
public sealed record SwapQuote(
    IReadOnlyList<Address> Path,
    IReadOnlyList<BigInteger> Amounts,
    IReadOnlyList<UniswapV2Reserves> Pools,
    BigInteger MidPriceAmountOut,
    decimal PriceImpactBps,
    decimal TotalCostBps)
{
    public BigInteger AmountIn => Amounts[0];
    public BigInteger AmountOut => Amounts[^1];

    /// <summary>amountOutMin for this quote with <paramref name="slippageBps"/> of tolerance.</summary>
    public BigInteger MinimumOut(int slippageBps) => UniswapV2Math.MinimumOut(AmountOut, slippageBps);
}
