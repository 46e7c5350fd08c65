using System.Globalization;
using System.Numerics;

namespace ChainTrader.Adapters.Contracts;

/// <summary>Conversions between on-chain integer units and human decimal units, through text, never through double.</summary>
public static class Units
{
    /// <summary>
    /// amount / 10^decimals. Exact up to decimal's 28-29 significant digits (finer digits of an 18-decimal amount are rounded);
    /// throws <see cref="OverflowException"/> when the whole part does not fit a decimal.
    /// </summary>
    public static decimal ToDecimal(BigInteger amount, int decimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(decimals, 77);
        var digits = BigInteger.Abs(amount).ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
        var text = (amount.Sign < 0 ? "-" : "") + digits[..^decimals] + (decimals > 0 ? "." + digits[^decimals..] : "");
        try
        {
            return decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        }
        catch (OverflowException)
        {
            throw new OverflowException($"{amount} with {decimals} decimals is beyond the decimal range.");
        }
    }

    /// <summary>amount × 10^decimals, exactly; throws when <paramref name="amount"/> has more fractional digits than the token has.</summary>
    public static BigInteger FromDecimal(decimal amount, int decimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(decimals, 77);
        var text = Math.Abs(amount).ToString("0.############################", CultureInfo.InvariantCulture);
        var point = text.IndexOf('.');
        var whole = point < 0 ? text : text[..point];
        var fraction = point < 0 ? "" : text[(point + 1)..];
        if (fraction.Length > decimals)
            throw new ArgumentException($"{amount.ToString(CultureInfo.InvariantCulture)} has more than {decimals} decimal places.", nameof(amount));
        var units = BigInteger.Parse(whole + fraction.PadRight(decimals, '0'), NumberStyles.None, CultureInfo.InvariantCulture);
        return amount < 0 ? -units : units;
    }
}
