using System.Globalization;
using System.Numerics;
using ChainTrader.Core.Trades;

namespace ChainTrader.Core.Chat;

/// <summary>
/// How numbers read in chat (issue 16): prices and USD values to the cent, small prices to 4 significant digits; token
/// amounts to 6 significant digits unless the exact amount matters; percentages to 2 decimals; gas in USD with the native
/// amount on request. Plain text (no HTML); decimal and BigInteger only, never floating point.
/// </summary>
public static class ChatNumbers
{
    /// <summary>Significant digits of a token amount that is not shown exactly.</summary>
    public const int AmountDigits = 6;

    /// <summary>Significant digits of a price below $1 (where cents would say nothing).</summary>
    public const int SmallPriceDigits = 4;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// A USD value to the cent with thousands separators: $1,234.56, -$0.42; a nonzero value below a cent says so in words
    /// ("under $0.01"), never with a '&lt;' that would open a tag in Telegram's HTML.
    /// </summary>
    public static string Usd(decimal value)
    {
        var rounded = Math.Round(value, 2, MidpointRounding.AwayFromZero);
        if (rounded == 0 && value != 0) return value < 0 ? "above -$0.01" : "under $0.01";
        return (rounded < 0 ? "-$" : "$") + Math.Abs(rounded).ToString("N2", Invariant);
    }

    /// <summary>A unit price: to the cent from $1 up, otherwise 4 significant digits ($0.0001234).</summary>
    public static string Price(decimal value)
    {
        var magnitude = Math.Abs(value);
        if (magnitude >= 1 || magnitude == 0) return Usd(value);
        return (value < 0 ? "-$" : "$") + Plain(RoundSignificant(magnitude, SmallPriceDigits, MidpointRounding.AwayFromZero));
    }

    /// <summary>A token amount to 6 significant digits (trailing zeros dropped): 9999.99982289 → 10000, 0.0012345678 → 0.00123457.</summary>
    public static string Amount(decimal value) => Plain(RoundSignificant(value, AmountDigits, MidpointRounding.AwayFromZero));

    /// <summary>
    /// A lower bound (a minimum out, what is left to sell) to 6 significant digits, rounded toward zero so the text never
    /// promises more than the bound.
    /// </summary>
    public static string AtLeast(decimal value) => Plain(RoundSignificant(value, AmountDigits, MidpointRounding.ToZero));

    /// <summary>The exact amount, every digit (the caller shows it in code font).</summary>
    public static string Exact(decimal value) => Plain(value);

    /// <summary>An on-chain amount in the token's units, never its raw base units: 6 significant digits.</summary>
    public static string Amount(BigInteger raw, int decimals) => Amount(TokenUnits.ToHuman(raw, decimals));

    /// <summary>A percentage to 2 decimals: 0.3 → "0.30 %".</summary>
    public static string Percent(decimal percent) => Math.Round(percent, 2, MidpointRounding.AwayFromZero).ToString("0.00", Invariant) + " %";

    /// <summary>Basis points as a percentage: 30 → "0.30 %".</summary>
    public static string Bps(int bps) => Percent(bps / 100m);

    /// <summary>A signed percentage for PnL: "+1.25 %", "-0.40 %".</summary>
    public static string SignedPercent(decimal percent)
    {
        var text = Percent(percent);
        return percent > 0 && text != "0.00 %" ? "+" + text : text;
    }

    /// <summary>A signed USD amount for PnL: "+$12.30", "-$4.00".</summary>
    public static string SignedUsd(decimal value)
    {
        var text = Usd(value);
        return value > 0 ? "+" + text : text;
    }

    /// <summary>Gas in USD; with <paramref name="native"/> the native amount follows in brackets: "$0.42 (0.000123 ETH)".</summary>
    public static string Gas(decimal usd, decimal? native = null, string? nativeSymbol = null) =>
        native is { } amount && nativeSymbol is not null ? $"{Usd(usd)} ({Amount(amount)} {nativeSymbol})" : Usd(usd);

    /// <summary>
    /// <paramref name="value"/> rounded to <paramref name="digits"/> significant digits. Works on the decimal's own digits,
    /// so nothing passes through floating point.
    /// </summary>
    public static decimal RoundSignificant(decimal value, int digits, MidpointRounding rounding)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 1);
        if (value == 0) return 0m;
        var magnitude = Math.Abs(value);
        // Position of the leading digit: 10^exponent <= magnitude < 10^(exponent+1).
        var exponent = IntegerDigits(magnitude) - 1;
        if (magnitude < 1)
        {
            exponent = -1;
            for (var probe = magnitude * 10; probe < 1; probe *= 10) exponent--;
        }
        var decimals = digits - 1 - exponent;
        if (decimals >= 0)
            return Math.Round(value, Math.Min(decimals, 28), rounding);
        // More integer digits than significant ones: round at a power of ten above the units.
        var scale = Pow10(-decimals);
        var units = Math.Round(value / scale, 0, rounding);
        // Rounding up next to decimal.MaxValue would overflow; toward zero always fits.
        return Math.Abs(units) <= decimal.MaxValue / scale ? units * scale : decimal.Truncate(value / scale) * scale;
    }

    /// <summary>How many significant digits <paramref name="text"/> (a plain number as this class writes it) shows.</summary>
    public static int SignificantDigits(string text)
    {
        var digits = new string(text.Where(char.IsAsciiDigit).ToArray()).TrimStart('0');
        // Trailing zeros of a whole number are placeholders, not precision; after a dot they would be precision.
        return text.Contains('.') ? digits.Length : digits.TrimEnd('0').Length;
    }

    private static int IntegerDigits(decimal magnitude)
    {
        var count = 1;
        for (var whole = decimal.Truncate(magnitude); whole >= 10; whole = decimal.Truncate(whole / 10)) count++;
        return count;
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++) result *= 10;
        return result;
    }

    private static string Plain(decimal value) => value.ToString("0.############################", Invariant);
}
