using System.Diagnostics;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Multiplier;
using BcInteger = Org.BouncyCastle.Math.BigInteger;

namespace ChainTrader.Core.Evm;

/// <summary>
/// A secp256k1 signing key in 1..n-1. It never reveals itself through ToString, the debugger display or the
/// messages of the exceptions thrown while parsing it, so that it cannot end up in a log by accident.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class PrivateKey
{
    private PrivateKey(BcInteger d)
    {
        Parameters = new ECPrivateKeyParameters(d, Secp256k1.Domain);
        PublicKey = new PublicKey(new FixedPointCombMultiplier().Multiply(Secp256k1.Domain.G, d));
    }

    internal ECPrivateKeyParameters Parameters { get; }

    public PublicKey PublicKey { get; }

    public Address Address => PublicKey.Address;

    /// <summary>Takes exactly 32 big-endian bytes.</summary>
    public static PrivateKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 32)
            throw new FormatException($"A private key is 32 bytes; got {bytes.Length}.");
        var d = new BcInteger(1, bytes.ToArray());
        if (d.SignValue == 0)
            throw new FormatException("A private key must not be zero (valid keys are 1..n-1).");
        if (d.CompareTo(Secp256k1.Domain.N) >= 0)
            throw new FormatException("A private key must be below the secp256k1 group order n (valid keys are 1..n-1).");
        return new PrivateKey(d);
    }

    /// <summary>Takes 64 hex digits with or without 0x. Error messages describe the problem, never the input.</summary>
    public static PrivateKey FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = hex.Trim();
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            digits = digits[2..];
        if (digits.Length != 64)
            throw new FormatException($"A private key is 64 hex digits (32 bytes) after the optional 0x; got {digits.Length} characters.");
        var badDigit = digits.AsSpan().IndexOfAnyExcept("0123456789abcdefABCDEF");
        if (badDigit >= 0)
            throw new FormatException($"A private key must be hex; the character at digit {badDigit} is not a hex digit.");
        return FromBytes(Convert.FromHexString(digits));
    }

    public EcdsaSignature Sign(ReadOnlySpan<byte> hash) => Secp256k1.Sign(hash, this);

    public override string ToString() => $"PrivateKey(address {Address}, secret hidden)";
}
