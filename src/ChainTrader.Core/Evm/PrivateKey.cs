using System.Diagnostics;
using NBitcoin.Secp256k1;
using Nethereum.Model;
using Nethereum.RLP;

namespace ChainTrader.Core.Evm;

/// <summary>
/// The signer: a secp256k1 key in 1..n-1 that signs transactions with NBitcoin.Secp256k1 (RFC 6979 nonces, low-S,
/// recovery id), several times faster than Nethereum's default EthECKey. It never reveals itself through ToString,
/// the debugger display or the messages of the exceptions thrown while parsing it, so it cannot end up in a log by accident.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class PrivateKey
{
    private readonly ECPrivKey _key;

    private PrivateKey(ECPrivKey key)
    {
        _key = key;
        Span<byte> uncompressed = stackalloc byte[65];
        key.CreatePubKey().WriteToSpan(false, uncompressed, out _);
        Address = Address.FromPublicKey(uncompressed[1..]);
    }

    public Address Address { get; }

    /// <summary>Takes exactly 32 big-endian bytes.</summary>
    public static PrivateKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 32)
            throw new FormatException($"A private key is 32 bytes; got {bytes.Length}.");
        if (bytes.IndexOfAnyExcept((byte)0) < 0)
            throw new FormatException("A private key must not be zero (valid keys are 1..n-1).");
        if (!Context.Instance.TryCreateECPrivKey(bytes, out var key))
            throw new FormatException("A private key must be below the secp256k1 group order n (valid keys are 1..n-1).");
        return new PrivateKey(key);
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

    /// <summary>
    /// Signs <paramref name="transaction"/> (attaching the signature to it) and returns its raw bytes. The v value
    /// follows the type: the bare y parity for typed transactions, chainId·2+35+parity (EIP-155) or 27+parity for legacy ones.
    /// </summary>
    public RawTransaction Sign(SignedTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction is Transaction1559 { MaxPriorityFeePerGas: { } priority, MaxFeePerGas: { } cap } && priority > cap)
            throw new InvalidOperationException($"MaxPriorityFeePerGas ({priority}) exceeds MaxFeePerGas ({cap}); the priority fee is paid out of the fee cap.");

        // NBitcoin's signer already normalises s to the lower half and flips the recovery id with it (EIP-2).
        if (!_key.TrySignRecoverable(transaction.RawHash, out var signature) || signature is null)
            throw new System.Security.Cryptography.CryptographicException("secp256k1 signing failed.");
        Span<byte> compact = stackalloc byte[64];
        signature.WriteToSpanCompact(compact, out var recoveryId);
        if (recoveryId > 1)
            throw new System.Security.Cryptography.CryptographicException("The signature's R point has x ≥ n, which Ethereum's y parity cannot express (probability about 2^-128).");

        byte[] v = transaction switch
        {
            LegacyTransactionChainId legacy => VRecoveryAndChainCalculations.CalculateV(legacy.GetChainIdAsBigInteger(), recoveryId).ToBytesForRLPEncoding(),
            LegacyTransaction => [(byte)(27 + recoveryId)],
            _ => [(byte)recoveryId],
        };
        transaction.SetSignature(new Signature(compact[..32].ToArray(), compact[32..].ToArray(), v));
        return new RawTransaction(transaction.GetRLPEncoded(), transaction);
    }

    public override string ToString() => $"PrivateKey(address {Address}, secret hidden)";
}
