using System.Numerics;
using ChainTrader.Core.Chat;

namespace ChainTrader.UnitTests.Chat;

/// <summary>Pins how numbers read in chat (issue 16).</summary>
public sealed class ChatNumbersTests
{
    [Theory]
    [InlineData("1234.5", "$1,234.50")]
    [InlineData("2000", "$2,000.00")]
    [InlineData("0.125", "$0.13")]
    [InlineData("-4.004", "-$4.00")]
    [InlineData("0", "$0.00")]
    [InlineData("0.004", "under $0.01")]
    [InlineData("-0.004", "above -$0.01")]
    public void Usd_values_are_to_the_cent(string value, string expected) =>
        Assert.Equal(expected, ChatNumbers.Usd(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2000.004", "$2,000.00")]
    [InlineData("1.005", "$1.01")]
    [InlineData("0.99996", "$1")]
    [InlineData("0.5", "$0.5")]
    [InlineData("0.123456", "$0.1235")]
    [InlineData("0.0000123456", "$0.00001235")]
    public void Prices_are_to_the_cent_or_four_significant_digits_when_small(string value, string expected) =>
        Assert.Equal(expected, ChatNumbers.Price(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("9999.99982289499858316", "10000")]
    [InlineData("0.0012345678", "0.00123457")]
    [InlineData("1.5", "1.5")]
    [InlineData("123456789", "123457000")]
    [InlineData("0.000000000000000001", "0.000000000000000001")]
    [InlineData("66.462249142506994", "66.4622")]
    public void Token_amounts_have_six_significant_digits(string value, string expected)
    {
        var text = ChatNumbers.Amount(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, text);
        Assert.True(ChatNumbers.SignificantDigits(text) <= ChatNumbers.AmountDigits);
    }

    [Fact]
    public void A_bound_rounds_toward_zero_so_it_never_promises_more() =>
        Assert.Equal("66.1299", ChatNumbers.AtLeast(66.129937896794459m));

    [Theory]
    [InlineData("0.004")]
    [InlineData("-0.004")]
    [InlineData("1234567.891")]
    [InlineData("0.0000001")]
    public void Numbers_are_safe_inside_telegram_html(string value)
    {
        // Every card interpolates these without escaping: a '<' once made Telegram refuse a trade's final edit.
        var number = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        foreach (var text in new[] { ChatNumbers.Usd(number), ChatNumbers.Price(number), ChatNumbers.Amount(number), ChatNumbers.Gas(number), ChatNumbers.SignedUsd(number), ChatNumbers.Percent(number) })
            Assert.Equal(Core.Telegram.TelegramHtml.Escape(text), text);
    }

    [Fact]
    public void Exact_amounts_keep_every_digit() =>
        Assert.Equal("9999.99982289499858316", ChatNumbers.Exact(9999.99982289499858316m));

    [Fact]
    public void Raw_base_units_become_token_units() =>
        Assert.Equal("66.4622", ChatNumbers.Amount(BigInteger.Parse("66462249142506994000"), 18));

    [Theory]
    [InlineData(30, "0.30 %")]
    [InlineData(1, "0.01 %")]
    [InlineData(1250, "12.50 %")]
    public void Percentages_have_two_decimals(int bps, string expected) => Assert.Equal(expected, ChatNumbers.Bps(bps));

    [Fact]
    public void Signed_values_show_their_sign()
    {
        Assert.Equal("+1.25 %", ChatNumbers.SignedPercent(1.249m));
        Assert.Equal("-0.40 %", ChatNumbers.SignedPercent(-0.4m));
        Assert.Equal("+$12.30", ChatNumbers.SignedUsd(12.3m));
        Assert.Equal("-$4.00", ChatNumbers.SignedUsd(-4m));
    }

    [Fact]
    public void Gas_is_in_usd_with_the_native_amount_on_request()
    {
        Assert.Equal("$0.42", ChatNumbers.Gas(0.4249m));
        Assert.Equal("$0.42 (0.000123457 ETH)", ChatNumbers.Gas(0.4249m, 0.00012345678m, "ETH"));
    }

    [Theory]
    [InlineData("10000", 1)]
    [InlineData("0.00123457", 6)]
    [InlineData("1.50", 3)]
    [InlineData("123457000", 6)]
    public void Significant_digits_are_counted_as_people_read_them(string text, int expected) =>
        Assert.Equal(expected, ChatNumbers.SignificantDigits(text));

    [Fact]
    public void Rounding_never_leaves_decimal_arithmetic()
    {
        // Every decimal of up to 28 digits rounds to at most 6 significant digits, across the whole range.
        decimal[] samples = [decimal.MaxValue, decimal.MinValue, 0.0000000000000000000000000001m, 7.77777777777777777777777777m, -0.5555555m];
        foreach (var value in samples)
            Assert.True(ChatNumbers.SignificantDigits(ChatNumbers.Amount(value)) <= 6, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
