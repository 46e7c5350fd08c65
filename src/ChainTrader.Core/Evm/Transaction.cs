using System.Numerics;

namespace ChainTrader.Core.Evm;

public enum TransactionType : byte
{
    /// <summary>Pre-typed transactions, with EIP-155 replay protection when a chain id is set.</summary>
    Legacy = 0,

    /// <summary>EIP-2930: gas price plus an access list.</summary>
    AccessList = 1,

    /// <summary>EIP-1559: base fee market with a priority fee and a fee cap.</summary>
    DynamicFee = 2,
}

/// <summary>
/// The fields every transaction type shares. Values are validated as they are set (unsigned, at most 256 bits),
/// so an instance that exists is encodable; rules that relate two fields are checked when signing.
/// </summary>
public abstract class Transaction
{
    private BigInteger _gasLimit;
    private BigInteger _value;
    private ReadOnlyMemory<byte> _data = ReadOnlyMemory<byte>.Empty;

    private protected Transaction() { }

    public abstract TransactionType Type { get; }

    public ulong Nonce { get; init; }

    public BigInteger GasLimit { get => _gasLimit; init => _gasLimit = UInt256.Require(value, nameof(GasLimit)); }

    /// <summary>The recipient; null creates a contract from <see cref="Data"/>.</summary>
    public Address? To { get; init; }

    /// <summary>Wei sent with the call.</summary>
    public BigInteger Value { get => _value; init => _value = UInt256.Require(value, nameof(Value)); }

    /// <summary>Calldata (or init code when <see cref="To"/> is null); copied on assignment.</summary>
    public ReadOnlyMemory<byte> Data { get => _data; init => _data = value.ToArray(); }

    /// <summary>The bytes a signature commits to (for typed transactions including the type byte).</summary>
    public abstract byte[] EncodeForSigning();

    public byte[] SigningHash() => Keccak256.Hash(EncodeForSigning());

    public SignedTransaction Sign(PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Validate();
        return new SignedTransaction(this, key.Sign(SigningHash()));
    }

    /// <summary>Cross-field rules, checked before signing.</summary>
    protected virtual void Validate() { }

    /// <summary>The serialized transaction with <paramref name="signature"/> attached (what eth_sendRawTransaction takes).</summary>
    internal abstract byte[] Encode(EcdsaSignature signature);

    /// <summary>The fields up to and including data (legacy) or the access list (typed), in wire order.</summary>
    private protected abstract List<RlpItem> PayloadFields();

    private protected static RlpString EncodeTo(Address? to) => to is { } address ? new RlpString(address.ToBytes()) : new RlpString([]);

    private protected RlpString EncodeData() => new(_data.ToArray());
}

/// <summary>A legacy transaction; <see cref="ChainId"/> null means pre-EIP-155 (no replay protection, v = 27/28).</summary>
public sealed class LegacyTransaction : Transaction
{
    private ulong? _chainId;
    private BigInteger _gasPrice;

    public override TransactionType Type => TransactionType.Legacy;

    public ulong? ChainId
    {
        get => _chainId;
        init => _chainId = value == 0
            ? throw new ArgumentOutOfRangeException(nameof(ChainId), "ChainId 0 cannot be used with EIP-155; use null for a pre-EIP-155 transaction.")
            : value;
    }

    public BigInteger GasPrice { get => _gasPrice; init => _gasPrice = UInt256.Require(value, nameof(GasPrice)); }

    public override byte[] EncodeForSigning()
    {
        var fields = PayloadFields();
        if (ChainId is { } chainId)
            fields.AddRange([RlpItem.FromUInt(chainId), RlpItem.FromUInt(0), RlpItem.FromUInt(0)]);
        return Rlp.Encode(new RlpList(fields));
    }

    /// <summary>EIP-155: v = chainId·2 + 35 + yParity, or 27 + yParity without a chain id.</summary>
    public BigInteger V(EcdsaSignature signature)
        => ChainId is { } chainId ? new BigInteger(chainId) * 2 + 35 + signature.YParity : 27 + signature.YParity;

    internal override byte[] Encode(EcdsaSignature signature)
    {
        var fields = PayloadFields();
        fields.AddRange([RlpItem.FromUInt(V(signature)), RlpItem.FromUInt(signature.R), RlpItem.FromUInt(signature.S)]);
        return Rlp.Encode(new RlpList(fields));
    }

    private protected override List<RlpItem> PayloadFields() =>
    [
        RlpItem.FromUInt(Nonce), RlpItem.FromUInt(GasPrice), RlpItem.FromUInt(GasLimit),
        EncodeTo(To), RlpItem.FromUInt(Value), EncodeData(),
    ];
}

/// <summary>EIP-2718 typed transactions: 1 byte type || RLP payload; chain id and access list are always present.</summary>
public abstract class TypedTransaction : Transaction
{
    private IReadOnlyList<AccessListEntry> _accessList = [];

    private protected TypedTransaction() { }

    public ulong ChainId { get; init; }

    public IReadOnlyList<AccessListEntry> AccessList
    {
        get => _accessList;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            for (var i = 0; i < value.Count; i++)
            {
                if (value[i] is null)
                    throw new ArgumentException($"Access list entry {i} is null.", nameof(AccessList));
            }
            _accessList = value.ToArray();
        }
    }

    public override byte[] EncodeForSigning() => Envelope(PayloadFields());

    internal override byte[] Encode(EcdsaSignature signature)
    {
        var fields = PayloadFields();
        fields.AddRange([RlpItem.FromUInt((ulong)signature.YParity), RlpItem.FromUInt(signature.R), RlpItem.FromUInt(signature.S)]);
        return Envelope(fields);
    }

    private protected RlpList EncodeAccessList() => new(AccessList.Select(entry => (RlpItem)entry.ToRlp()).ToArray());

    private byte[] Envelope(List<RlpItem> fields)
    {
        var payload = Rlp.Encode(new RlpList(fields));
        var bytes = new byte[1 + payload.Length];
        bytes[0] = (byte)Type;
        payload.CopyTo(bytes, 1);
        return bytes;
    }
}

/// <summary>EIP-2930 (type 1).</summary>
public sealed class AccessListTransaction : TypedTransaction
{
    private BigInteger _gasPrice;

    public override TransactionType Type => TransactionType.AccessList;

    public BigInteger GasPrice { get => _gasPrice; init => _gasPrice = UInt256.Require(value, nameof(GasPrice)); }

    private protected override List<RlpItem> PayloadFields() =>
    [
        RlpItem.FromUInt(ChainId), RlpItem.FromUInt(Nonce), RlpItem.FromUInt(GasPrice), RlpItem.FromUInt(GasLimit),
        EncodeTo(To), RlpItem.FromUInt(Value), EncodeData(), EncodeAccessList(),
    ];
}

/// <summary>EIP-1559 (type 2).</summary>
public sealed class DynamicFeeTransaction : TypedTransaction
{
    private BigInteger _maxPriorityFeePerGas;
    private BigInteger _maxFeePerGas;

    public override TransactionType Type => TransactionType.DynamicFee;

    public BigInteger MaxPriorityFeePerGas { get => _maxPriorityFeePerGas; init => _maxPriorityFeePerGas = UInt256.Require(value, nameof(MaxPriorityFeePerGas)); }

    public BigInteger MaxFeePerGas { get => _maxFeePerGas; init => _maxFeePerGas = UInt256.Require(value, nameof(MaxFeePerGas)); }

    protected override void Validate()
    {
        // Nodes reject this combination outright, so it is a bug in the caller's fee logic.
        if (MaxPriorityFeePerGas > MaxFeePerGas)
            throw new InvalidOperationException($"MaxPriorityFeePerGas ({MaxPriorityFeePerGas}) exceeds MaxFeePerGas ({MaxFeePerGas}); the priority fee is paid out of the fee cap.");
    }

    private protected override List<RlpItem> PayloadFields() =>
    [
        RlpItem.FromUInt(ChainId), RlpItem.FromUInt(Nonce), RlpItem.FromUInt(MaxPriorityFeePerGas), RlpItem.FromUInt(MaxFeePerGas),
        RlpItem.FromUInt(GasLimit), EncodeTo(To), RlpItem.FromUInt(Value), EncodeData(), EncodeAccessList(),
    ];
}
