using System.Numerics;
using NBitcoin.Secp256k1;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Model;
using Nethereum.RLP;
using Nethereum.Util;
using CryptographicException = System.Security.Cryptography.CryptographicException;

namespace ChainTrader.Core.Evm;

/// <summary>
/// A signed transaction as bytes (what eth_sendRawTransaction takes), its hash, and a read-only view of its fields.
/// Encoding, decoding and the transaction models are Nethereum's; this type adds the checks a node would make
/// (supported type, field count, canonical encoding, EIP-2 low-S) so that bytes it accepts are bytes a node accepts.
/// </summary>
public sealed class RawTransaction
{
    // secp256k1's group order n and n/2: EIP-2 admits only s ≤ n/2.
    private static readonly BigInteger N = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
    private static readonly BigInteger HalfN = N >> 1;

    private readonly byte[] _raw;

    internal RawTransaction(byte[] raw, ISignedTransaction transaction)
    {
        _raw = raw;
        Transaction = transaction;
        Hash = Sha3Keccack.Current.CalculateHash(raw);
        var signature = transaction.Signature ?? throw new FormatException("The transaction is not signed.");
        R = Unsigned(signature.R);
        S = Unsigned(signature.S);
        V = Unsigned(signature.V);
        switch (transaction)
        {
            case Transaction1559 t:
                (ChainId, Nonce, MaxPriorityFeePerGas, MaxFeePerGas, GasLimit, Value) = (t.ChainId, t.Nonce ?? 0, t.MaxPriorityFeePerGas ?? 0, t.MaxFeePerGas ?? 0, t.GasLimit ?? 0, t.Amount ?? 0);
                (To, Data, AccessList) = (ParseTo(t.ReceiverAddress.HexToByteArray()), t.Data.HexToByteArray(), t.AccessList ?? []);
                Type = 2;
                break;
            case Transaction2930 t:
                (ChainId, Nonce, GasPrice, GasLimit, Value) = (t.ChainId, t.Nonce ?? 0, t.GasPrice ?? 0, t.GasLimit ?? 0, t.Amount ?? 0);
                (To, Data, AccessList) = (ParseTo(t.ReceiverAddress.HexToByteArray()), t.Data.HexToByteArray(), t.AccessList ?? []);
                Type = 1;
                break;
            case SignedLegacyTransaction t:
                ChainId = t is LegacyTransactionChainId withChain ? withChain.GetChainIdAsBigInteger() : null;
                (Nonce, GasPrice, GasLimit, Value) = (Unsigned(t.Nonce), Unsigned(t.GasPrice), Unsigned(t.GasLimit), Unsigned(t.Value));
                (To, Data) = (ParseTo(t.ReceiveAddress), t.Data ?? []);
                Type = 0;
                break;
            default:
                throw new FormatException($"Transaction type {transaction.TransactionType} is not supported (supported: legacy, 0x01 EIP-2930, 0x02 EIP-1559).");
        }
        var parity = Type != 0 ? V : ChainId is { } id ? V - 35 - 2 * id : V - 27;
        YParity = parity.IsZero || parity.IsOne ? (int)parity : -1; // -1: not a valid v, which Decode reports

    }

    /// <summary>Nethereum's model of the transaction (Transaction1559, Transaction2930, LegacyTransactionChainId or LegacyTransaction).</summary>
    public ISignedTransaction Transaction { get; }

    /// <summary>0 legacy, 1 EIP-2930, 2 EIP-1559 (the EIP-2718 type byte).</summary>
    public int Type { get; }

    /// <summary>Null only for a legacy transaction without EIP-155 replay protection.</summary>
    public BigInteger? ChainId { get; }
    public BigInteger Nonce { get; }
    public BigInteger? GasPrice { get; }
    public BigInteger? MaxPriorityFeePerGas { get; }
    public BigInteger? MaxFeePerGas { get; }
    public BigInteger GasLimit { get; }

    /// <summary>Null creates a contract from <see cref="Data"/>.</summary>
    public Address? To { get; }
    public BigInteger Value { get; }
    public byte[] Data { get; }

    /// <summary>Typed transactions only (empty for legacy ones).</summary>
    public IReadOnlyList<AccessListItem> AccessList { get; } = [];

    public BigInteger R { get; }
    public BigInteger S { get; }

    /// <summary>The v field as encoded: the y parity for typed transactions, chainId·2+35+parity or 27+parity for legacy ones.</summary>
    public BigInteger V { get; }
    public int YParity { get; }

    /// <summary>Keccak-256 of the raw bytes: the transaction hash nodes and explorers show.</summary>
    public byte[] Hash { get; }

    public string HashHex => Hex.Encode(Hash);

    public byte[] ToRawBytes() => (byte[])_raw.Clone();

    /// <summary>0x-prefixed raw transaction, as eth_sendRawTransaction takes it.</summary>
    public string ToRawHex() => Hex.Encode(_raw);

    /// <summary>The address whose key produced the signature (secp256k1 public-key recovery over the signing hash).</summary>
    public Address RecoverSender()
    {
        Span<byte> compact = stackalloc byte[64];
        Word(R, compact[..32]);
        Word(S, compact[32..]);
        if (!SecpRecoverableECDSASignature.TryCreateFromCompact(compact, YParity, out var signature))
            throw new CryptographicException("The signature's r or s is not a valid secp256k1 scalar.");
        if (!ECPubKey.TryRecover(Context.Instance, signature, Transaction.RawHash, out var key))
        {
            Span<byte> compressed = stackalloc byte[33];
            compressed[0] = 0x02;
            compact[..32].CopyTo(compressed[1..]);
            throw new CryptographicException(Context.Instance.TryCreatePubKey(compressed, out _)
                ? "The signature recovers to the point at infinity; it is not a valid signature."
                : $"Signature r = {R} is not the x coordinate of a curve point; no key can be recovered.");
        }
        Span<byte> uncompressed = stackalloc byte[65];
        key.WriteToSpan(false, uncompressed, out _);
        return Address.FromPublicKey(uncompressed[1..]);
    }

    /// <summary>Decodes a raw signed transaction: legacy (with or without EIP-155) or an EIP-2718 envelope of type 1 or 2.</summary>
    public static RawTransaction Decode(string rawHex) => Decode(Hex.Decode(rawHex));

    /// <inheritdoc cref="Decode(string)"/>
    public static RawTransaction Decode(ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty)
            throw new FormatException("A raw transaction cannot be empty.");
        var first = raw[0];
        var (what, fields, integers) = first switch
        {
            >= 0xc0 => ("legacy transaction", 9, LegacyIntegers),
            0x01 => ("EIP-2930 transaction", 11, AccessListIntegers),
            0x02 => ("EIP-1559 transaction", 12, DynamicFeeIntegers),
            <= 0x7f => throw new FormatException($"Transaction type 0x{first:x2} is not supported (supported: legacy, 0x01 EIP-2930, 0x02 EIP-1559)."),
            _ => throw new FormatException($"Not a transaction: it starts with 0x{first:x2}, an RLP string, where a typed transaction starts with its type byte and a legacy one with an RLP list."),
        };
        var bytes = raw.ToArray();
        var payload = first >= 0xc0 ? bytes : bytes[1..];
        if (payload.Length == 0)
            throw new FormatException($"An {what} has a type byte but no payload.");

        IRLPElement decoded;
        try
        {
            decoded = RLP.Decode(payload);
        }
        catch (Exception ex)
        {
            throw new FormatException($"The {what} {(first >= 0xc0 ? "" : "payload (after the type byte) ")}is not valid RLP: {Innermost(ex)}", ex);
        }
        if (decoded is not RLPCollection list)
            throw new FormatException($"The {what} payload must be an RLP list but is a string.");
        if (list.Count != fields)
            throw new FormatException($"A signed {what} must have {fields} fields but has {list.Count}.");
        foreach (var index in integers)
        {
            if (list[index].RLPData is [0, ..])
                throw new FormatException($"The {what} has a leading zero byte in field {index}; RLP integers are minimal big-endian.");
        }

        ISignedTransaction transaction;
        try
        {
            transaction = TransactionFactory.CreateTransaction(bytes);
        }
        catch (Exception ex)
        {
            throw new FormatException($"The {what} cannot be decoded: {Innermost(ex)}", ex);
        }
        // Nethereum keeps the bytes it decoded; re-encoding shows whether they were the canonical encoding.
        if (transaction.Signature is null || transaction.Signature.R is null || transaction.Signature.S is null)
            throw new FormatException($"The {what} is not signed (r and s are empty).");
        transaction.SetSignature(transaction.Signature);
        if (!transaction.GetRLPEncoded().AsSpan().SequenceEqual(bytes))
            throw new FormatException($"The {what} is not in canonical RLP form (its re-encoding differs), or has trailing bytes.");

        var result = new RawTransaction(bytes, transaction);
        result.CheckFields(what);
        return result;
    }

    private void CheckFields(string what)
    {
        if (R.IsZero || R >= N || S.IsZero || S >= N)
            throw new FormatException($"The {what}'s signature values r and s must be in 1..n-1.");
        if (S > HalfN)
            throw new FormatException($"The {what}'s signature has s > n/2, which EIP-2 forbids (a malleated signature).");
        if (Type == 0 && !(V == 27 || V == 28 || V >= 35))
            throw new FormatException($"The {what}'s v = {V} is neither 27/28 (pre-EIP-155) nor chainId·2+35/36 (EIP-155).");
        if (YParity is not (0 or 1))
            throw new FormatException($"The {what}'s y parity must be 0 or 1 (got {V}).");
        foreach (var (entry, i) in AccessList.Select((entry, i) => (entry, i)))
        {
            if (entry.Address.HexToByteArray().Length != Address.Length)
                throw new FormatException($"The {what}'s access list entry {i} address is not 20 bytes.");
            var wrong = entry.StorageKeys.FindIndex(k => k.Length != 32);
            if (wrong >= 0)
                throw new FormatException($"The {what}'s access list entry {i} storage key {wrong} is {entry.StorageKeys[wrong].Length} bytes; storage keys are 32 bytes.");
        }
    }

    // Field positions that hold integers (which RLP requires minimal): legacy, EIP-2930, EIP-1559.
    private static readonly int[] LegacyIntegers = [0, 1, 2, 4, 6, 7, 8];
    private static readonly int[] AccessListIntegers = [0, 1, 2, 3, 5, 8, 9, 10];
    private static readonly int[] DynamicFeeIntegers = [0, 1, 2, 3, 4, 6, 9, 10, 11];

    private static Address? ParseTo(byte[]? bytes) => bytes switch
    {
        null or [] => null,
        { Length: Address.Length } => new Address(bytes),
        _ => throw new FormatException($"The transaction's 'to' is {bytes.Length} bytes; it must be 20 (an address) or empty (contract creation)."),
    };

    private static BigInteger Unsigned(byte[]? bytes) => bytes is null ? BigInteger.Zero : new BigInteger(bytes, isUnsigned: true, isBigEndian: true);

    private static void Word(BigInteger value, Span<byte> destination)
    {
        destination.Clear();
        if (value.GetByteCount(isUnsigned: true) > 32)
            throw new CryptographicException("The signature's r or s does not fit in 32 bytes.");
        value.TryWriteBytes(destination[(32 - value.GetByteCount(isUnsigned: true))..], out _, isUnsigned: true, isBigEndian: true);
    }

    private static string Innermost(Exception ex)
    {
        while (ex.InnerException is not null) ex = ex.InnerException;
        return ex.Message;
    }
}
