using System.Numerics;

namespace ChainTrader.Core.Evm;

/// <summary>
/// A secp256k1 signature with the parity of R's y coordinate (Ethereum's yParity / recovery id), which lets the
/// signer's public key be recovered from the signature and the hash.
/// </summary>
public readonly record struct EcdsaSignature
{
    public EcdsaSignature(BigInteger r, BigInteger s, int yParity)
    {
        if (r.Sign <= 0 || r >= Secp256k1.N)
            throw new ArgumentOutOfRangeException(nameof(r), $"Signature r must be in 1..n-1 (got {r}).");
        if (s.Sign <= 0 || s >= Secp256k1.N)
            throw new ArgumentOutOfRangeException(nameof(s), $"Signature s must be in 1..n-1 (got {s}).");
        if (yParity is not (0 or 1))
            throw new ArgumentOutOfRangeException(nameof(yParity), $"Signature y parity must be 0 or 1 (got {yParity}).");
        R = r;
        S = s;
        YParity = yParity;
    }

    public BigInteger R { get; }
    public BigInteger S { get; }
    public int YParity { get; }

    /// <summary>EIP-2: only signatures with s ≤ n/2 are valid in transactions (the other half are malleated twins).</summary>
    public bool IsLowS => S <= Secp256k1.HalfN;

    /// <summary>The 65-byte r || s || v form used by personal_sign and ecrecover, with v = 27 + yParity.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[65];
        WriteWord(R, bytes.AsSpan(0, 32));
        WriteWord(S, bytes.AsSpan(32, 32));
        bytes[64] = (byte)(27 + YParity);
        return bytes;
    }

    /// <summary>Reads r || s || v; v may be 27/28 or the bare parity 0/1 (both are in circulation).</summary>
    public static EcdsaSignature FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 65)
            throw new FormatException($"A signature is 65 bytes (r, s, v); got {bytes.Length}.");
        var v = bytes[64];
        var parity = v switch
        {
            0 or 1 => v,
            27 or 28 => v - 27,
            _ => throw new FormatException($"Signature v byte must be 27, 28, 0 or 1 (got {v})."),
        };
        return new EcdsaSignature(UInt256.FromBytes(bytes[..32]), UInt256.FromBytes(bytes[32..64]), parity);
    }

    private static void WriteWord(BigInteger value, Span<byte> destination)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        destination.Clear();
        bytes.CopyTo(destination[(32 - bytes.Length)..]);
    }
}
