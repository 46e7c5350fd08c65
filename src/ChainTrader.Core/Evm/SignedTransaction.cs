using System.Numerics;

namespace ChainTrader.Core.Evm;

/// <summary>A transaction with its signature: the raw bytes a node accepts, their hash, and the recoverable sender.</summary>
public sealed class SignedTransaction
{
    private readonly byte[] _raw;

    public SignedTransaction(Transaction transaction, EcdsaSignature signature)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (!signature.IsLowS)
            throw new ArgumentException("Transaction signatures must have s ≤ n/2 (EIP-2); this one has a high s.", nameof(signature));
        Transaction = transaction;
        Signature = signature;
        _raw = transaction.Encode(signature);
        Hash = Keccak256.Hash(_raw);
    }

    public Transaction Transaction { get; }

    public EcdsaSignature Signature { get; }

    /// <summary>Keccak-256 of the raw bytes: the transaction hash nodes and explorers show.</summary>
    public byte[] Hash { get; }

    public string HashHex => Hex.Encode(Hash);

    public byte[] ToRawBytes() => (byte[])_raw.Clone();

    /// <summary>0x-prefixed raw transaction, as eth_sendRawTransaction takes it.</summary>
    public string ToRawHex() => Hex.Encode(_raw);

    public Address RecoverSender() => Secp256k1.RecoverAddress(Transaction.SigningHash(), Signature);

    /// <summary>Decodes a raw signed transaction: legacy (with or without EIP-155) or an EIP-2718 envelope of type 1 or 2.</summary>
    public static SignedTransaction Decode(ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty)
            throw new FormatException("A raw transaction cannot be empty.");
        var first = raw[0];
        return first switch
        {
            >= 0xc0 => DecodeLegacy(Rlp.Decode(raw).AsList("A legacy transaction")),
            (byte)TransactionType.AccessList => DecodeAccessList(DecodePayload(raw, "An EIP-2930 transaction")),
            (byte)TransactionType.DynamicFee => DecodeDynamicFee(DecodePayload(raw, "An EIP-1559 transaction")),
            <= 0x7f => throw new FormatException($"Transaction type 0x{first:x2} is not supported (supported: legacy, 0x01 EIP-2930, 0x02 EIP-1559)."),
            _ => throw new FormatException($"Not a transaction: it starts with 0x{first:x2}, an RLP string, where a typed transaction starts with its type byte and a legacy one with an RLP list."),
        };
    }

    public static SignedTransaction Decode(string rawHex) => Decode(Hex.Decode(rawHex));

    private static RlpList DecodePayload(ReadOnlySpan<byte> raw, string what)
    {
        if (raw.Length == 1)
            throw new FormatException($"{what} has a type byte but no payload.");
        try
        {
            return Rlp.Decode(raw[1..]).AsList($"{what} payload");
        }
        catch (FormatException ex)
        {
            // RLP offsets are relative to the payload; say so, since the caller sees the type byte too.
            throw new FormatException($"{what} payload (after the type byte) is not valid RLP: {ex.Message}", ex);
        }
    }

    private static SignedTransaction DecodeLegacy(RlpList fields)
    {
        const string what = "Legacy transaction";
        fields.RequireCount($"A signed {what.ToLowerInvariant()}", 9);
        var v = Integer(fields, 6, what, "v");
        ulong? chainId;
        int parity;
        if (v == 27 || v == 28)
        {
            chainId = null;
            parity = (int)(v - 27);
        }
        else if (v >= 35)
        {
            var id = (v - 35) / 2;
            if (id > ulong.MaxValue)
                throw new FormatException($"{what} v = {v} implies a chain id that does not fit in 64 bits.");
            chainId = (ulong)id;
            parity = (int)((v - 35) % 2);
        }
        else
        {
            throw new FormatException($"{what} v = {v} is neither 27/28 (pre-EIP-155) nor chainId·2+35/36 (EIP-155).");
        }

        var transaction = new LegacyTransaction
        {
            ChainId = chainId,
            Nonce = UInt64(fields, 0, what, "nonce"),
            GasPrice = Integer(fields, 1, what, "gasPrice"),
            GasLimit = Integer(fields, 2, what, "gasLimit"),
            To = To(fields, 3, what),
            Value = Integer(fields, 4, what, "value"),
            Data = fields[5].AsString($"{what} field 'data'").ToArray(),
        };
        return Signed(transaction, fields, 7, parity, what);
    }

    private static SignedTransaction DecodeAccessList(RlpList fields)
    {
        const string what = "EIP-2930 transaction";
        fields.RequireCount($"A signed {what}", 11);
        var transaction = new AccessListTransaction
        {
            ChainId = UInt64(fields, 0, what, "chainId"),
            Nonce = UInt64(fields, 1, what, "nonce"),
            GasPrice = Integer(fields, 2, what, "gasPrice"),
            GasLimit = Integer(fields, 3, what, "gasLimit"),
            To = To(fields, 4, what),
            Value = Integer(fields, 5, what, "value"),
            Data = fields[6].AsString($"{what} field 'data'").ToArray(),
            AccessList = AccessList(fields[7], what),
        };
        return Signed(transaction, fields, 9, YParity(fields, 8, what), what);
    }

    private static SignedTransaction DecodeDynamicFee(RlpList fields)
    {
        const string what = "EIP-1559 transaction";
        fields.RequireCount($"A signed {what}", 12);
        var transaction = new DynamicFeeTransaction
        {
            ChainId = UInt64(fields, 0, what, "chainId"),
            Nonce = UInt64(fields, 1, what, "nonce"),
            MaxPriorityFeePerGas = Integer(fields, 2, what, "maxPriorityFeePerGas"),
            MaxFeePerGas = Integer(fields, 3, what, "maxFeePerGas"),
            GasLimit = Integer(fields, 4, what, "gasLimit"),
            To = To(fields, 5, what),
            Value = Integer(fields, 6, what, "value"),
            Data = fields[7].AsString($"{what} field 'data'").ToArray(),
            AccessList = AccessList(fields[8], what),
        };
        return Signed(transaction, fields, 10, YParity(fields, 9, what), what);
    }

    private static SignedTransaction Signed(Transaction transaction, RlpList fields, int rIndex, int parity, string what)
    {
        var r = Integer(fields, rIndex, what, "r");
        var s = Integer(fields, rIndex + 1, what, "s");
        if (r.IsZero || r >= Secp256k1.N || s.IsZero || s >= Secp256k1.N)
            throw new FormatException($"{what} signature values r and s must be in 1..n-1.");
        if (s > Secp256k1.HalfN)
            throw new FormatException($"{what} signature has s > n/2, which EIP-2 forbids (a malleated signature).");
        return new SignedTransaction(transaction, new EcdsaSignature(r, s, parity));
    }

    private static int YParity(RlpList fields, int index, string what)
    {
        var parity = Integer(fields, index, what, "yParity");
        return parity <= 1 ? (int)parity : throw new FormatException($"{what} field 'yParity' must be 0 or 1 (got {parity}).");
    }

    private static BigInteger Integer(RlpList fields, int index, string what, string name)
        => fields[index].AsString($"{what} field '{name}'").ToUInt($"{what} field '{name}'");

    private static ulong UInt64(RlpList fields, int index, string what, string name)
        => fields[index].AsString($"{what} field '{name}'").ToUInt64($"{what} field '{name}'");

    private static Address? To(RlpList fields, int index, string what)
    {
        var bytes = fields[index].AsString($"{what} field 'to'").Bytes;
        return bytes.Length switch
        {
            0 => null,
            Address.Length => new Address(bytes),
            _ => throw new FormatException($"{what} field 'to' is {bytes.Length} bytes; it must be 20 (an address) or empty (contract creation)."),
        };
    }

    private static List<AccessListEntry> AccessList(RlpItem item, string what)
    {
        var entries = new List<AccessListEntry>();
        foreach (var entryItem in item.AsList($"{what} field 'accessList'").Items)
        {
            var label = $"{what} access list entry {entries.Count}";
            var entry = entryItem.AsList(label).RequireCount(label, 2);
            var address = entry[0].AsString($"{label} address").Bytes;
            if (address.Length != Address.Length)
                throw new FormatException($"{label} address is {address.Length} bytes; it must be 20.");
            var keys = entry[1].AsList($"{label} storage keys").Items
                .Select((key, i) => key.AsString($"{label} storage key {i}").ToArray())
                .ToList();
            var wrong = keys.FindIndex(k => k.Length != 32);
            if (wrong >= 0)
                throw new FormatException($"{label} storage key {wrong} is {keys[wrong].Length} bytes; storage keys are 32 bytes.");
            entries.Add(new AccessListEntry(new Address(address), keys));
        }
        return entries;
    }
}
