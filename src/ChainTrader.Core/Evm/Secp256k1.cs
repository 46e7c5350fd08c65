using CryptographicException = System.Security.Cryptography.CryptographicException;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math.EC;
using BcInteger = Org.BouncyCastle.Math.BigInteger;
using BigInteger = System.Numerics.BigInteger;

namespace ChainTrader.Core.Evm;

/// <summary>
/// ECDSA over secp256k1 the way Ethereum uses it: RFC 6979 deterministic nonces, low-S signatures, and public-key
/// recovery. All curve arithmetic is BouncyCastle's.
/// </summary>
public static class Secp256k1
{
    private static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("secp256k1");
    internal static readonly ECDomainParameters Domain = new(Curve.Curve, Curve.G, Curve.N, Curve.H);

    /// <summary>The group order n.</summary>
    public static readonly BigInteger N = ToBigInteger(Curve.N);
    internal static readonly BigInteger HalfN = N >> 1;

    /// <summary>Signs a 32-byte hash; the result always has s ≤ n/2 (EIP-2).</summary>
    public static EcdsaSignature Sign(ReadOnlySpan<byte> hash, PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var message = RequireHash(hash);
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, key.Parameters);
        var rs = signer.GenerateSignature(message);
        BcInteger r = rs[0], s = rs[1];

        // The signer does not expose the nonce point R, so rebuild it as s⁻¹·(e·G + r·Q), the same step a
        // verifier takes; its y parity is the recovery id.
        var sInverse = s.ModInverse(Domain.N);
        var e = new BcInteger(1, message);
        var point = ECAlgorithms.SumOfTwoMultiplies(Domain.G, e.Multiply(sInverse).Mod(Domain.N), key.PublicKey.Point, r.Multiply(sInverse).Mod(Domain.N)).Normalize();
        if (!point.AffineXCoord.ToBigInteger().Equals(r))
            throw new CryptographicException("The signature's R point has x ≥ n, which Ethereum's y-parity cannot express (probability about 2^-128).");
        var parity = point.AffineYCoord.TestBitZero() ? 1 : 0;

        if (s.CompareTo(ToBcInteger(HalfN)) > 0)
        {
            // Negating s reflects R through the x axis, so the parity flips with it.
            s = Domain.N.Subtract(s);
            parity ^= 1;
        }
        return new EcdsaSignature(ToBigInteger(r), ToBigInteger(s), parity);
    }

    /// <summary>Plain ECDSA verification (accepts high-S too; transaction decoding applies EIP-2 separately).</summary>
    public static bool Verify(ReadOnlySpan<byte> hash, EcdsaSignature signature, PublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        var verifier = new ECDsaSigner();
        verifier.Init(false, new ECPublicKeyParameters(publicKey.Point, Domain));
        return verifier.VerifySignature(RequireHash(hash), ToBcInteger(signature.R), ToBcInteger(signature.S));
    }

    /// <summary>Recovers the public key that produced <paramref name="signature"/> over <paramref name="hash"/> (SEC 1 §4.1.6).</summary>
    public static PublicKey RecoverPublicKey(ReadOnlySpan<byte> hash, EcdsaSignature signature)
    {
        var message = RequireHash(hash);
        var r = ToBcInteger(signature.R);
        var s = ToBcInteger(signature.S);

        // R is the curve point with x = r (x ≥ n cannot be expressed by a y parity, see Sign) and the given y parity.
        var compressed = new byte[33];
        compressed[0] = (byte)(signature.YParity == 0 ? 0x02 : 0x03);
        var rBytes = r.ToByteArrayUnsigned();
        rBytes.CopyTo(compressed, 33 - rBytes.Length);
        ECPoint point;
        try
        {
            point = Domain.Curve.DecodePoint(compressed);
        }
        catch (ArgumentException)
        {
            throw new CryptographicException($"Signature r = {signature.R} is not the x coordinate of a curve point; no key can be recovered.");
        }

        // Q = r⁻¹·(s·R − e·G)
        var rInverse = r.ModInverse(Domain.N);
        var e = new BcInteger(1, message);
        var q = ECAlgorithms.SumOfTwoMultiplies(
            Domain.G, Domain.N.Subtract(e).Multiply(rInverse).Mod(Domain.N),
            point, s.Multiply(rInverse).Mod(Domain.N)).Normalize();
        if (q.IsInfinity)
            throw new CryptographicException("The signature recovers to the point at infinity; it is not a valid signature.");
        return new PublicKey(q);
    }

    public static Address RecoverAddress(ReadOnlySpan<byte> hash, EcdsaSignature signature) => RecoverPublicKey(hash, signature).Address;

    private static byte[] RequireHash(ReadOnlySpan<byte> hash)
        => hash.Length == 32 ? hash.ToArray() : throw new ArgumentException($"Expected a 32-byte hash; got {hash.Length} bytes.", nameof(hash));

    internal static BigInteger ToBigInteger(BcInteger value) => new(value.ToByteArrayUnsigned(), isUnsigned: true, isBigEndian: true);
    internal static BcInteger ToBcInteger(BigInteger value) => new(1, value.ToByteArray(isUnsigned: true, isBigEndian: true));
}
