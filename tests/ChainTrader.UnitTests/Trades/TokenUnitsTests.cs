using System.Numerics;
using ChainTrader.Core.Trades;

namespace ChainTrader.UnitTests.Trades;

public class TokenUnitsTests
{
    [Theory]
    [InlineData("1234567", 6, "1.234567")]
    [InlineData("1000000000000000000", 18, "1")]
    [InlineData("-2500000", 6, "-2.5")]
    [InlineData("5", 0, "5")]
    [InlineData("79228162514264337593543950335", 0, "79228162514264337593543950335")]
    public void Raw_to_human_is_exact(string raw, int decimals, string human)
        => Assert.Equal(human, TokenUnits.ToHuman(BigInteger.Parse(raw), decimals).ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Beyond_decimal_precision_rounds_half_even_in_the_lowest_digits()
    {
        // 30 decimals: decimal keeps 28, so the last two digits round.
        Assert.Equal(0.0000000000000000000000000002m, TokenUnits.ToHuman(BigInteger.Parse("150"), 30));
        Assert.Equal(0.0000000000000000000000000001m, TokenUnits.ToHuman(BigInteger.Parse("149"), 30));
        Assert.Equal(0.0000000000000000000000000002m, TokenUnits.ToHuman(BigInteger.Parse("250"), 30));
        Assert.Equal(0m, TokenUnits.ToHuman(BigInteger.One, 30));
        // 1e30 wei with 18 decimals = 1e12: the mantissa is too wide but the value fits after dropping zeros.
        Assert.Equal(1_000_000_000_000m, TokenUnits.ToHuman(BigInteger.Pow(10, 30), 18));
    }

    [Fact]
    public void Too_large_for_decimal_is_a_clear_overflow()
    {
        var ex = Assert.Throws<OverflowException>(() => TokenUnits.ToHuman((BigInteger.One << 256) - 1, 18));
        Assert.Contains("18 decimals is too large", ex.Message);
    }

    [Theory]
    [InlineData("1.234567", 6, "1234567")]
    [InlineData("1.50", 1, "15")]
    [InlineData("0.000000000000000001", 18, "1")]
    [InlineData("-3", 2, "-300")]
    public void Human_to_raw_is_exact(string human, int decimals, string raw)
        => Assert.Equal(BigInteger.Parse(raw), TokenUnits.ToRaw(decimal.Parse(human), decimals));

    [Fact]
    public void Human_amounts_finer_than_the_token_are_rejected()
    {
        Assert.False(TokenUnits.TryToRaw(1.2345678m, 6, out _));
        var ex = Assert.Throws<ArgumentException>(() => TokenUnits.ToRaw(1.2345678m, 6));
        Assert.Contains("7 fractional digits but the token has only 6 decimals", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenUnits.ToRaw(1m, 256));
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenUnits.ToHuman(1, -1));
    }

    [Theory]
    [InlineData("1.50", 1)]
    [InlineData("100", 0)]
    [InlineData("0.000100", 4)]
    public void Fractional_digits_ignore_trailing_zeros(string value, int digits)
        => Assert.Equal(digits, TokenUnits.FractionalDigits(decimal.Parse(value)));
}
