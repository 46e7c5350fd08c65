using System.Numerics;
using ChainTrader.Adapters.Contracts;

namespace ChainTrader.UnitTests.Contracts;

/// <summary>Unit conversion and Uniswap V2 arithmetic edge cases (the formulas themselves are checked against the router on the devnet).</summary>
public sealed class ContractMathTests
{
    [Theory]
    [InlineData("300000000000", 8, "3000")]
    [InlineData("-42", 8, "-0.00000042")]
    [InlineData("1", 18, "0.000000000000000001")]
    [InlineData("0", 6, "0")]
    [InlineData("123", 0, "123")]
    public void Units_convert_exactly_both_ways(string amount, int decimals, string human)
    {
        var units = BigInteger.Parse(amount);
        var value = decimal.Parse(human, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(value, Units.ToDecimal(units, decimals));
        Assert.Equal(units, Units.FromDecimal(value, decimals));
    }

    [Fact]
    public void Units_refuse_what_they_cannot_represent()
    {
        Assert.Throws<OverflowException>(() => Units.ToDecimal(BigInteger.Pow(10, 40), 0));
        var tooFine = Assert.Throws<ArgumentException>(() => Units.FromDecimal(1.0000001m, 6));
        Assert.Contains("more than 6 decimal places", tooFine.Message);
    }

    [Fact]
    public void Minimum_out_and_price_impact()
    {
        Assert.Equal(new BigInteger(995), UniswapV2Math.MinimumOut(1000, 50));
        Assert.Equal(new BigInteger(999), UniswapV2Math.MinimumOut(999, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => UniswapV2Math.MinimumOut(1000, 10_000));
        Assert.Throws<ArgumentException>(() => UniswapV2Math.MinimumOut(1, 50)); // would round to no protection at all
        Assert.Equal(new BigInteger(1005), UniswapV2Math.MaximumIn(1000, 50));
        Assert.Equal(new BigInteger(1007), UniswapV2Math.MaximumIn(1001, 50)); // 1006.005 rounds up

        // A swap of 1 % of the pool: impact 1 − 1/(1 + 0.00997) ≈ 98.7 bps, fee excluded.
        var reserve = BigInteger.Pow(10, 24);
        var amountIn = reserve / 100;
        var amountOut = UniswapV2Math.GetAmountOut(amountIn, reserve, reserve);
        Assert.InRange(UniswapV2Math.PriceImpactBps(amountIn, amountOut, [(reserve, reserve)]), 98.7m, 98.8m);
        Assert.Equal(amountIn, UniswapV2Math.MidPriceAmountOut(amountIn, [(reserve, reserve)]));
        // getAmountIn is the inverse the library defines: it yields at least the amount out asked for.
        var needed = UniswapV2Math.GetAmountIn(amountOut, reserve, reserve);
        Assert.True(UniswapV2Math.GetAmountOut(needed, reserve, reserve) >= amountOut);
        Assert.Throws<ArgumentException>(() => UniswapV2Math.GetAmountOut(1, 0, reserve));
    }
}
