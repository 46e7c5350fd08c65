namespace ChainTrader.Core.Evm.Abi;

/// <summary>
/// Addresses as the codec exchanges them: "0x" + 40 hex digits in, lower-case out.
/// Mixed-case input must carry a valid EIP-55 checksum, because a mistyped address must never be sent silently.
/// </summary>
internal static class AbiAddressText
{
    public static byte[] Parse(string text, string where)
    {
        if (text.Length != 42 || !text.StartsWith("0x", StringComparison.Ordinal))
            throw new AbiEncodingException($"{where}: an address must be \"0x\" followed by 40 hex digits, got \"{Shorten(text)}\".");
        var digits = text.AsSpan(2);
        for (var i = 0; i < digits.Length; i++)
        {
            if (!char.IsAsciiHexDigit(digits[i]))
                throw new AbiEncodingException($"{where}: address \"{text}\" has a non-hex character '{digits[i]}' at position {i + 2}.");
        }
        var hasUpper = digits.ContainsAnyInRange('A', 'F');
        var hasLower = digits.ContainsAnyInRange('a', 'f');
        if (hasUpper && hasLower)
        {
            var expected = ToChecksum(text);
            if (!string.Equals(expected, text, StringComparison.Ordinal))
                throw new AbiEncodingException($"{where}: address \"{text}\" has an invalid EIP-55 checksum (expected \"{expected}\").");
        }
        return Convert.FromHexString(digits);
    }

    public static string Format(ReadOnlySpan<byte> address) => Hex.Encode(address);

    /// <summary>EIP-55: a hex letter is upper-case when the matching nibble of keccak256(lower-case hex) is 8 or more.</summary>
    public static string ToChecksum(string address)
    {
        var lower = address[2..].ToLowerInvariant();
        var hash = Keccak256.Hash(lower);
        var result = new char[42];
        result[0] = '0';
        result[1] = 'x';
        for (var i = 0; i < 40; i++)
        {
            var nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xF;
            result[i + 2] = nibble >= 8 ? char.ToUpperInvariant(lower[i]) : lower[i];
        }
        return new string(result);
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";
}
