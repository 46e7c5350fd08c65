using System.Numerics;
using ChainTrader.Core;
using ChainTrader.Core.Evm;

namespace ChainTrader.UnitTests.Evm;

public class TransactionTests
{
    private static readonly PrivateKey Key = PrivateKey.FromHex("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    private static readonly Address Recipient = Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

    private static DynamicFeeTransaction Swap() => new()
    {
        ChainId = 31337,
        Nonce = 7,
        MaxPriorityFeePerGas = 1_000_000_000,
        MaxFeePerGas = 30_000_000_000,
        GasLimit = 200_000,
        To = Recipient,
        Value = BigInteger.Parse("1000000000000000000"),
        Data = Hex.Decode("0x38ed1739"),
        AccessList = [new AccessListEntry(Recipient, [new byte[32]])],
    };

    [Fact]
    public void EveryTypeRoundTripsThroughItsRawBytes()
    {
        Transaction[] transactions =
        [
            new LegacyTransaction { ChainId = 1, Nonce = 1, GasPrice = 5, GasLimit = 21000, To = Recipient, Value = 1 },
            new LegacyTransaction { Nonce = 1, GasPrice = 5, GasLimit = 21000, To = Recipient, Value = 1 },
            new LegacyTransaction { ChainId = ulong.MaxValue / 4, GasLimit = 53000, Data = new byte[] { 0x60, 0x00 } },
            new AccessListTransaction { ChainId = 10, Nonce = 2, GasPrice = 5, GasLimit = 30000, To = Recipient, AccessList = [new AccessListEntry(Recipient, [])] },
            Swap(),
            new DynamicFeeTransaction { ChainId = 8453, MaxFeePerGas = UInt256.MaxValue, GasLimit = UInt256.MaxValue, Value = UInt256.MaxValue },
        ];
        foreach (var transaction in transactions)
        {
            var signed = transaction.Sign(Key);
            var decoded = SignedTransaction.Decode(signed.ToRawHex());
            Assert.Equal(signed.ToRawHex(), decoded.ToRawHex());
            Assert.Equal(signed.HashHex, decoded.HashHex);
            Assert.Equal(Key.Address, decoded.RecoverSender());
            Assert.Equal(transaction.Type, decoded.Transaction.Type);
            Assert.Equal(transaction.To, decoded.Transaction.To);
        }
    }

    [Fact]
    public void LegacyVEncodesTheChainId()
    {
        var signed = new LegacyTransaction { ChainId = 31337, GasLimit = 21000 }.Sign(Key);
        var v = ((LegacyTransaction)signed.Transaction).V(signed.Signature);
        Assert.Equal(31337 * 2 + 35 + signed.Signature.YParity, v);
        Assert.Equal(31337UL, ((LegacyTransaction)SignedTransaction.Decode(signed.ToRawBytes()).Transaction).ChainId);
    }

    [Fact]
    public void RejectsOutOfRangeFieldsByName()
    {
        Assert.Contains("GasLimit must not be negative (got -1)", Assert.Throws<ArgumentOutOfRangeException>(() => new LegacyTransaction { GasLimit = -1 }).Message);
        Assert.Contains("Value does not fit in 256 bits", Assert.Throws<ArgumentOutOfRangeException>(() => new DynamicFeeTransaction { Value = UInt256.MaxValue + 1 }).Message);
        Assert.Contains("MaxFeePerGas must not be negative", Assert.Throws<ArgumentOutOfRangeException>(() => new DynamicFeeTransaction { MaxFeePerGas = -5 }).Message);
        Assert.Contains("GasPrice does not fit in 256 bits", Assert.Throws<ArgumentOutOfRangeException>(() => new AccessListTransaction { GasPrice = BigInteger.One << 256 }).Message);
        Assert.Contains("ChainId 0 cannot be used with EIP-155", Assert.Throws<ArgumentOutOfRangeException>(() => new LegacyTransaction { ChainId = 0 }).Message);
        Assert.Contains("storage key 0 is 31 bytes; storage keys are 32 bytes", Assert.Throws<ArgumentException>(() => new AccessListEntry(Recipient, [new byte[31]])).Message);
    }

    [Fact]
    public void RefusesToSignAPriorityFeeAboveTheFeeCap()
    {
        var transaction = new DynamicFeeTransaction { ChainId = 1, MaxPriorityFeePerGas = 3, MaxFeePerGas = 2, GasLimit = 21000 };
        Assert.Contains("MaxPriorityFeePerGas (3) exceeds MaxFeePerGas (2)", Assert.Throws<InvalidOperationException>(() => transaction.Sign(Key)).Message);
    }

    [Fact]
    public void DataIsCopiedOnAssignment()
    {
        var data = new byte[] { 1, 2, 3 };
        var transaction = new LegacyTransaction { Data = data };
        data[0] = 9;
        Assert.Equal(1, transaction.Data.Span[0]);
    }

    [Theory]
    [InlineData("0x", "A raw transaction cannot be empty.")]
    [InlineData("0x03c0", "Transaction type 0x03 is not supported")]
    [InlineData("0x8180", "Not a transaction: it starts with 0x81, an RLP string")]
    [InlineData("0x02", "An EIP-1559 transaction has a type byte but no payload.")]
    [InlineData("0x02c0", "A signed EIP-1559 transaction must have 12 fields but has 0")]
    [InlineData("0x01c3808080", "A signed EIP-2930 transaction must have 11 fields but has 3")]
    [InlineData("0xc6808080808080", "A signed legacy transaction must have 9 fields but has 6")]
    [InlineData("0x02f8", "An EIP-1559 transaction payload (after the type byte) is not valid RLP: RLP list at offset 0 is truncated")]
    public void RejectsMalformedRawTransactions(string hex, string expected)
        => Assert.Contains(expected, Assert.Throws<FormatException>(() => SignedTransaction.Decode(hex)).Message);

    [Fact]
    public void RejectsBadFieldsInsideAWellFormedEnvelope()
    {
        var raw = Swap().Sign(Key).ToRawBytes();
        var fields = ((RlpList)Rlp.Decode(raw.AsSpan(1))).Items.ToList();

        string Mutate(int index, RlpItem replacement)
        {
            var copy = fields.ToList();
            copy[index] = replacement;
            return Assert.Throws<FormatException>(() => SignedTransaction.Decode([0x02, .. Rlp.Encode(new RlpList(copy))])).Message;
        }

        Assert.Contains("field 'nonce' has a leading zero byte", Mutate(1, new RlpString([0x00, 0x07])));
        Assert.Contains("field 'to' is 19 bytes; it must be 20", Mutate(5, new RlpString(new byte[19])));
        Assert.Contains("field 'yParity' must be 0 or 1 (got 2)", Mutate(9, RlpItem.FromUInt(2UL)));
        Assert.Contains("field 'chainId' is 9 bytes", Mutate(0, new RlpString(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 0 })));
        Assert.Contains("access list entry 0 storage key 0 is 31 bytes", Mutate(8, RlpItem.List(RlpItem.List(new RlpString(Recipient.ToBytes()), RlpItem.List(new RlpString(new byte[31]))))));
        Assert.Contains("field 'accessList' must be an RLP list", Mutate(8, new RlpString([])));
        Assert.Contains("signature has s > n/2, which EIP-2 forbids", Mutate(11, RlpItem.FromUInt(Secp256k1.N - 1)));
        Assert.Contains("r and s must be in 1..n-1", Mutate(10, RlpItem.FromUInt(0UL)));
    }

    [Fact]
    public void RejectsALegacyVThatIsNeitherPreNorPostEip155()
    {
        var raw = new LegacyTransaction { GasLimit = 21000 }.Sign(Key).ToRawBytes();
        var fields = ((RlpList)Rlp.Decode(raw)).Items.ToArray();
        fields[6] = RlpItem.FromUInt(30UL);
        Assert.Contains("v = 30 is neither 27/28", Assert.Throws<FormatException>(() => SignedTransaction.Decode(Rlp.Encode(new RlpList(fields)))).Message);
    }
}
