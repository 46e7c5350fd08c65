using Org.BouncyCastle.Math.EC;

namespace ChainTrader.Core.Evm;

/// <summary>A secp256k1 public key (a point on the curve, never infinity).</summary>
public sealed class PublicKey : IEquatable<PublicKey>
{
    private readonly byte[] _uncompressed;

    internal PublicKey(ECPoint point)
    {
        Point = point.Normalize();
        _uncompressed = Point.GetEncoded(false);
        Address = Address.FromPublicKey(_uncompressed.AsSpan(1));
    }

    internal ECPoint Point { get; }

    public Address Address { get; }

    /// <summary>Parses SEC 1 encodings: 65 bytes 0x04||X||Y, 33 bytes compressed, or Ethereum's bare 64-byte X||Y.</summary>
    public static PublicKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        byte[] encoded = bytes.Length switch
        {
            64 => [0x04, .. bytes],
            65 or 33 => bytes.ToArray(),
            _ => throw new FormatException($"A public key is 64, 65 (uncompressed) or 33 (compressed) bytes; got {bytes.Length}."),
        };
        try
        {
            return new PublicKey(Secp256k1.Domain.Curve.DecodePoint(encoded));
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"The bytes are not a point on secp256k1: {ex.Message}", ex);
        }
    }

    /// <summary>0x04 || X || Y.</summary>
    public byte[] ToUncompressedBytes() => (byte[])_uncompressed.Clone();

    public byte[] ToCompressedBytes() => Point.GetEncoded(true);

    public bool Equals(PublicKey? other) => other is not null && _uncompressed.AsSpan().SequenceEqual(other._uncompressed);
    public override bool Equals(object? obj) => Equals(obj as PublicKey);
    public override int GetHashCode() => Address.GetHashCode();
    public override string ToString() => Hex.Encode(_uncompressed);
}
