using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using Nethereum.Util;

namespace ChainTrader.Core.Evm;

/// <summary>
/// A 20-byte account address. Shown in EIP-55 checksummed form; parsing accepts all-lower or all-upper hex and
/// insists on a correct checksum when the input mixes case (a mixed-case typo is exactly what EIP-55 catches).
/// </summary>
public readonly struct Address : IEquatable<Address>
{
    public const int Length = 20;

    // Three integers rather than an array so that default(Address) is the zero address and equality is by value.
    private readonly ulong _first;
    private readonly ulong _second;
    private readonly uint _third;

    public Address(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
            throw new ArgumentException($"An address is {Length} bytes; got {bytes.Length}.", nameof(bytes));
        _first = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _second = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _third = BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]);
    }

    public static Address Zero => default;

    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _first);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _second);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], _third);
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[Length];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>The address of an uncompressed public key: the last 20 bytes of Keccak-256 over its 64 coordinate bytes.</summary>
    public static Address FromPublicKey(ReadOnlySpan<byte> uncompressedXY)
    {
        if (uncompressedXY.Length != 64)
            throw new ArgumentException($"Expected the 64 bytes X||Y of an uncompressed public key; got {uncompressedXY.Length}.", nameof(uncompressedXY));
        return new Address(Sha3Keccack.Current.CalculateHash(uncompressedXY.ToArray()).AsSpan(12));
    }

    /// <summary>Lower-case hex with the 0x prefix, as JSON-RPC nodes return it.</summary>
    public string ToLowerHex() => Hex.Encode(ToBytes());

    /// <summary>EIP-55 mixed-case checksum form.</summary>
    public override string ToString()
    {
        var lower = Convert.ToHexStringLower(ToBytes());
        var hash = Sha3Keccack.Current.CalculateHash(System.Text.Encoding.ASCII.GetBytes(lower));
        return string.Create(2 + 2 * Length, (lower, hash), static (chars, state) =>
        {
            chars[0] = '0';
            chars[1] = 'x';
            for (var i = 0; i < state.lower.Length; i++)
            {
                var nibble = (state.hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
                var c = state.lower[i];
                chars[2 + i] = c >= 'a' && nibble >= 8 ? char.ToUpperInvariant(c) : c;
            }
        });
    }

    public static Address Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var error = TryParseCore(text, out var address);
        return error is null ? address : throw new FormatException(error);
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out Address address)
    {
        address = default;
        return text is not null && TryParseCore(text, out address) is null;
    }

    private static string? TryParseCore(string text, out Address address)
    {
        address = default;
        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text.AsSpan(2) : text.AsSpan();
        if (digits.Length != 2 * Length)
            return $"An address is {2 * Length} hex digits (20 bytes) after the optional 0x; got {digits.Length} in \"{Shorten(text)}\".";
        bool hasLower = false, hasUpper = false;
        for (var i = 0; i < digits.Length; i++)
        {
            var c = digits[i];
            if (!char.IsAsciiHexDigit(c))
                return $"Address \"{Shorten(text)}\" has a non-hex character '{c}' at digit {i}.";
            hasLower |= c is >= 'a' and <= 'f';
            hasUpper |= c is >= 'A' and <= 'F';
        }
        var parsed = new Address(Convert.FromHexString(digits));
        if (hasLower && hasUpper && !digits.SequenceEqual(parsed.ToString().AsSpan(2)))
            return $"Address \"{text}\" mixes upper and lower case but its EIP-55 checksum is wrong (a typo, or not meant as checksummed: use all lower case).";
        address = parsed;
        return null;
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";

    public bool Equals(Address other) => _first == other._first && _second == other._second && _third == other._third;
    public override bool Equals(object? obj) => obj is Address other && Equals(other);
    public override int GetHashCode() => HashCode.Combine(_first, _second, _third);
    public static bool operator ==(Address left, Address right) => left.Equals(right);
    public static bool operator !=(Address left, Address right) => !left.Equals(right);
}
