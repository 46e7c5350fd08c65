using System.Globalization;
using System.Numerics;

namespace ChainTrader.Core.Watching;

/// <summary>On-chain integer units shown in human units, exactly (a uint256 does not fit a decimal, so this works on digits).</summary>
public static class TokenAmount
{
    /// <summary>
    /// <paramref name="units"/> divided by 10^<paramref name="decimals"/>, with thousands separators and without trailing
    /// zeros: 1500000 units at 6 decimals is "1.5", 12345 × 10^18 at 18 is "12,345".
    /// </summary>
    public static string Format(BigInteger units, int decimals)
    {
        if (decimals is < 0 or > 255)
            throw new ArgumentOutOfRangeException(nameof(decimals), decimals, "ERC-20 decimals are a uint8 (0-255).");
        var negative = units.Sign < 0;
        var digits = BigInteger.Abs(units).ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
        var whole = digits[..^decimals];
        var fraction = digits[^decimals..].TrimEnd('0');
        var grouped = BigInteger.Parse(whole, CultureInfo.InvariantCulture).ToString("N0", CultureInfo.InvariantCulture);
        return (negative ? "-" : "") + grouped + (fraction.Length > 0 ? "." + fraction : "");
    }
}
