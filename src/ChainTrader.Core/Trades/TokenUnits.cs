using System.Numerics;

namespace ChainTrader.Core.Trades;

/// <summary>
/// Conversions between on-chain integer units (BigInteger) and human units (decimal) for a token with
/// <c>decimals</c> decimals. Never goes through floating point.
/// </summary>
public static class TokenUnits
{
    /// <summary>ERC-20 <c>decimals()</c> is a uint8.</summary>
    public const int MaxDecimals = 255;

    private const int MaxDecimalScale = 28;
    private static readonly BigInteger DecimalMantissaLimit = BigInteger.One << 96;

    /// <summary>
    /// <paramref name="raw"/> / 10^<paramref name="decimals"/> as a decimal without trailing zeros; exact whenever
    /// decimal can hold it (96-bit mantissa, scale ≤ 28), otherwise rounded half-to-even in the lowest digits.
    /// </summary>
    public static decimal ToHuman(BigInteger raw, int decimals)
    {
        CheckDecimals(decimals);
        var negative = raw.Sign < 0;
        var exact = BigInteger.Abs(raw);
        // Drop the fewest low digits that make it fit, rounding once (rounding digit by digit would round twice).
        var dropped = Math.Max(0, decimals - MaxDecimalScale);
        var mantissa = DivideRoundHalfEven(exact, BigInteger.Pow(10, dropped));
        while (mantissa >= DecimalMantissaLimit)
        {
            if (++dropped > decimals)
                throw new OverflowException($"Token amount {raw} with {decimals} decimals is too large for a decimal (max about 7.9e28 units).");
            mantissa = DivideRoundHalfEven(exact, BigInteger.Pow(10, dropped));
        }
        var scale = decimals - dropped;
        // Trailing zeros carry no information and would show up in text ("0.499100000000000000").
        while (scale > 0 && (mantissa % 10).IsZero)
        {
            mantissa /= 10;
            scale--;
        }
        var bytes = new byte[12];
        mantissa.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        return new decimal(
            BitConverter.ToInt32(bytes, 0), BitConverter.ToInt32(bytes, 4), BitConverter.ToInt32(bytes, 8),
            negative, (byte)scale);
    }

    /// <summary><paramref name="human"/> × 10^<paramref name="decimals"/>; throws when the amount has more fractional digits than the token.</summary>
    public static BigInteger ToRaw(decimal human, int decimals)
        => TryToRaw(human, decimals, out var raw)
            ? raw
            : throw new ArgumentException($"Amount {human} has {FractionalDigits(human)} fractional digits but the token has only {decimals} decimals.", nameof(human));

    /// <summary>False when <paramref name="human"/> is not a whole number of the token's smallest unit.</summary>
    public static bool TryToRaw(decimal human, int decimals, out BigInteger raw)
    {
        CheckDecimals(decimals);
        var (mantissa, scale) = Decompose(human);
        if (scale <= decimals)
        {
            raw = mantissa * BigInteger.Pow(10, decimals - scale);
            return true;
        }
        var divisor = BigInteger.Pow(10, scale - decimals);
        raw = BigInteger.DivRem(mantissa, divisor, out var remainder);
        if (remainder.IsZero) return true;
        raw = BigInteger.Zero;
        return false;
    }

    /// <summary>Significant fractional digits (trailing zeros ignored): 1.50 → 1.</summary>
    public static int FractionalDigits(decimal value)
    {
        var (mantissa, scale) = Decompose(value);
        while (scale > 0 && (mantissa % 10).IsZero)
        {
            mantissa /= 10;
            scale--;
        }
        return scale;
    }

    private static (BigInteger Mantissa, int Scale) Decompose(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        Span<byte> bytes = stackalloc byte[12];
        for (var i = 0; i < 3; i++) BitConverter.TryWriteBytes(bytes[(i * 4)..], bits[i]);
        var mantissa = new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
        var negative = (bits[3] & unchecked((int)0x80000000)) != 0;
        return (negative ? -mantissa : mantissa, (bits[3] >> 16) & 0xFF);
    }

    private static BigInteger DivideRoundHalfEven(BigInteger value, BigInteger divisor)
    {
        var quotient = BigInteger.DivRem(value, divisor, out var remainder);
        var twice = remainder * 2;
        if (twice > divisor || (twice == divisor && !quotient.IsEven)) quotient++;
        return quotient;
    }

    private static void CheckDecimals(int decimals)
    {
        if (decimals is < 0 or > MaxDecimals)
            throw new ArgumentOutOfRangeException(nameof(decimals), decimals, $"Token decimals must be between 0 and {MaxDecimals}.");
    }
}
