using System.Globalization;

namespace ChainTrader.Core;

/// <summary>0x-prefixed hex as used by Ethereum JSON-RPC and tooling.</summary>
public static class Hex
{
    public static string Encode(ReadOnlySpan<byte> bytes, bool prefix = true)
        => (prefix ? "0x" : "") + Convert.ToHexStringLower(bytes);

    /// <summary>Decodes hex with or without "0x"; rejects odd length and non-hex characters.</summary>
    public static byte[] Decode(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        if (digits.Length % 2 != 0)
            throw new FormatException($"Hex string has an odd number of digits ({digits.Length}): \"{Shorten(hex)}\".");
        for (var i = 0; i < digits.Length; i++)
        {
            if (!char.IsAsciiHexDigit(digits[i]))
                throw new FormatException($"Hex string has a non-hex character '{digits[i]}' at position {i}: \"{Shorten(hex)}\".");
        }
        return Convert.FromHexString(digits);
    }

    /// <summary>Parses a JSON-RPC quantity ("0x1a") into an unsigned 64-bit number.</summary>
    public static ulong ParseQuantity(string quantity)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        if (!quantity.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || quantity.Length < 3)
            throw new FormatException($"Not a hex quantity: \"{Shorten(quantity)}\".");
        if (!ulong.TryParse(quantity.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            throw new FormatException($"Hex quantity is not a 64-bit unsigned number: \"{Shorten(quantity)}\".");
        return value;
    }

    public static string Quantity(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..77] + "...";
}
