using System.Globalization;
using System.Numerics;

namespace ChainTrader.Adapters.Contracts;

/// <summary>Uniswap V2's constant-product arithmetic (UniswapV2Library), in BigInteger exactly as the contracts round.</summary>
public static class UniswapV2Math
{
    /// <summary>The 0.3 % LP fee as the library writes it: amounts in are multiplied by 997/1000.</summary>
    private const int FeeNumerator = 997;
    private const int FeeDenominator = 1000;

    /// <summary>getAmountOut: amountIn·997·reserveOut / (reserveIn·1000 + amountIn·997), rounded down.</summary>
    public static BigInteger GetAmountOut(BigInteger amountIn, BigInteger reserveIn, BigInteger reserveOut)
    {
        if (amountIn.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(amountIn), amountIn, "The amount in must be positive.");
        RequireLiquidity(reserveIn, reserveOut);
        var withFee = amountIn * FeeNumerator;
        return withFee * reserveOut / (reserveIn * FeeDenominator + withFee);
    }

    /// <summary>getAmountIn: reserveIn·amountOut·1000 / ((reserveOut − amountOut)·997) + 1.</summary>
    public static BigInteger GetAmountIn(BigInteger amountOut, BigInteger reserveIn, BigInteger reserveOut)
    {
        if (amountOut.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(amountOut), amountOut, "The amount out must be positive.");
        RequireLiquidity(reserveIn, reserveOut);
        if (amountOut >= reserveOut)
            throw new ArgumentOutOfRangeException(nameof(amountOut), amountOut, $"The pool holds only {reserveOut}; {amountOut} cannot come out of it.");
        return reserveIn * amountOut * FeeDenominator / ((reserveOut - amountOut) * FeeNumerator) + 1;
    }

    /// <summary>
    /// Price impact in basis points (4 decimal places) of receiving <paramref name="amountOut"/> for <paramref name="amountIn"/>
    /// through pools with these reserves (one (reserveIn, reserveOut) per hop), fee excluded: 1 − amountOut / (amountIn after the
    /// 0.3 % fee of every hop × the product of the pools' mid prices). A quote exactly at the mid price less fees is 0.
    /// </summary>
    public static decimal PriceImpactBps(BigInteger amountIn, BigInteger amountOut, IReadOnlyList<(BigInteger ReserveIn, BigInteger ReserveOut)> hops)
    {
        ArgumentNullException.ThrowIfNull(hops);
        if (hops.Count == 0) throw new ArgumentException("A swap has at least one hop.", nameof(hops));
        if (amountIn.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(amountIn), amountIn, "The amount in must be positive.");
        if (amountOut.Sign < 0) throw new ArgumentOutOfRangeException(nameof(amountOut), amountOut, "The amount out cannot be negative.");
        // amountOut / (amountIn · Π(997/1000) · Π(reserveOut/reserveIn)) as one fraction, so nothing is rounded before the end.
        BigInteger numerator = amountOut, denominator = amountIn;
        foreach (var (reserveIn, reserveOut) in hops)
        {
            RequireLiquidity(reserveIn, reserveOut);
            numerator *= reserveIn * FeeDenominator;
            denominator *= reserveOut * FeeNumerator;
        }
        return BasisPoints(denominator - numerator, denominator);
    }

    /// <summary>amountOut at the pools' mid prices with no fee and no impact (what a frictionless swap would give), rounded down.</summary>
    public static BigInteger MidPriceAmountOut(BigInteger amountIn, IReadOnlyList<(BigInteger ReserveIn, BigInteger ReserveOut)> hops)
    {
        ArgumentNullException.ThrowIfNull(hops);
        BigInteger numerator = amountIn, denominator = 1;
        foreach (var (reserveIn, reserveOut) in hops)
        {
            RequireLiquidity(reserveIn, reserveOut);
            numerator *= reserveOut;
            denominator *= reserveIn;
        }
        return numerator / denominator;
    }

    /// <summary>The least acceptable output for a quote with a slippage tolerance: quote × (10 000 − bps) / 10 000, rounded down.</summary>
    public static BigInteger MinimumOut(BigInteger quotedAmountOut, int slippageBps)
    {
        if (quotedAmountOut.Sign <= 0)
            throw new ArgumentOutOfRangeException(nameof(quotedAmountOut), quotedAmountOut, "The quoted amount out must be positive.");
        if (slippageBps is < 0 or >= 10_000)
            throw new ArgumentOutOfRangeException(nameof(slippageBps), slippageBps, "Slippage is given in basis points from 0 to 9 999.");
        var minimum = quotedAmountOut * (10_000 - slippageBps) / 10_000;
        // Rounding a tiny quote down to 0 would remove the protection altogether.
        return minimum.IsZero ? throw new ArgumentException($"A quote of {quotedAmountOut} with {slippageBps} bps slippage leaves no minimum output.", nameof(quotedAmountOut)) : minimum;
    }

    /// <summary>The most input to allow for an exact-output quote: quote × (10 000 + bps) / 10 000, rounded up.</summary>
    public static BigInteger MaximumIn(BigInteger quotedAmountIn, int slippageBps)
    {
        if (quotedAmountIn.Sign <= 0)
            throw new ArgumentOutOfRangeException(nameof(quotedAmountIn), quotedAmountIn, "The quoted amount in must be positive.");
        if (slippageBps is < 0 or >= 10_000)
            throw new ArgumentOutOfRangeException(nameof(slippageBps), slippageBps, "Slippage is given in basis points from 0 to 9 999.");
        return (quotedAmountIn * (10_000 + slippageBps) + 9_999) / 10_000;
    }

    /// <summary>numerator/denominator × 10 000, to 4 decimal places, rounded half away from zero.</summary>
    internal static decimal BasisPoints(BigInteger numerator, BigInteger denominator)
    {
        var scaled = numerator * 100_000_000;
        var quotient = BigInteger.DivRem(scaled, denominator, out var remainder);
        if (BigInteger.Abs(remainder) * 2 >= BigInteger.Abs(denominator)) quotient += scaled.Sign * denominator.Sign;
        return decimal.Parse(quotient.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) / 10_000m;
    }

    private static void RequireLiquidity(BigInteger reserveIn, BigInteger reserveOut)
    {
        if (reserveIn.Sign <= 0 || reserveOut.Sign <= 0)
            throw new ArgumentException($"The pool has no liquidity (reserves {reserveIn} / {reserveOut}).");
    }
}
