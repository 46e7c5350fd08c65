using System.Numerics;
using ChainTrader.Core.Evm;
using Nethereum.Model;
using Nethereum.RLP;

namespace ChainTrader.UnitTests.Evm;

/// <summary>The signer and <see cref="RawTransaction"/> over Nethereum's transaction models: what they sign, and what decoding refuses.</summary>
public class TransactionTests
{
    private static readonly PrivateKey Key = PrivateKey.FromHex("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    private static readonly Address Recipient = Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    private static readonly BigInteger MaxUInt256 = (BigInteger.One << 256) - 1;

    private static Transaction1559 Swap() => new(31337, 7, 1_000_000_000, 30_000_000_000, 200_000, Recipient.ToLowerHex(),
        BigInteger.Parse("1000000000000000000"), "0x38ed1739", [new AccessListItem(Recipient.ToLowerHex(), [new byte[32]])]);

    [Fact]
    public void EveryTypeRoundTripsThroughItsRawBytes()
    {
        (SignedTransaction Transaction, int Type, Address? To)[] cases =
        [
            (new LegacyTransactionChainId(Recipient.ToLowerHex(), 1, 1, 5, 21000, 1), 0, Recipient),
            (new LegacyTransaction(Recipient.ToLowerHex(), 1, 1, 5, 21000), 0, Recipient),
            (new LegacyTransactionChainId([], [], [0xcf, 0x08], null, [], [0x60, 0x00], new BigInteger(ulong.MaxValue / 4).ToByteArray(isUnsigned: true, isBigEndian: true)), 0, null),
            (new Transaction2930(10, 2, 5, 30000, Recipient.ToLowerHex(), 0, "0x", [new AccessListItem(Recipient.ToLowerHex(), [])]), 1, Recipient),
            (Swap(), 2, Recipient),
            (new Transaction1559(8453, 0, 0, MaxUInt256, MaxUInt256, null, MaxUInt256, "0x", []), 2, null),
        ];
        foreach (var (transaction, type, to) in cases)
        {
            var signed = Key.Sign(transaction);
            var decoded = RawTransaction.Decode(signed.ToRawHex());
            Assert.Equal(signed.ToRawHex(), decoded.ToRawHex());
            Assert.Equal(signed.HashHex, decoded.HashHex);
            Assert.Equal(Key.Address, decoded.RecoverSender());
            Assert.Equal(type, decoded.Type);
            Assert.Equal(to, decoded.To);
        }
    }

    [Fact]
    public void SignaturesAreDeterministicAndLowS()
    {
        var halfN = BigInteger.Parse("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        for (ulong nonce = 0; nonce < 64; nonce++)
        {
            SignedTransaction Build() => new Transaction1559(1, nonce, 1, 2, 21000, Recipient.ToLowerHex(), 0, "0x", []);
            var signed = Key.Sign(Build());
            Assert.Equal(signed.ToRawHex(), Key.Sign(Build()).ToRawHex());
            Assert.True(signed.S <= halfN, $"nonce {nonce}: s above n/2");
            Assert.Equal(Key.Address, signed.RecoverSender());
        }
    }

    [Fact]
    public void LegacyVEncodesTheChainId()
    {
        var signed = Key.Sign(new LegacyTransactionChainId(Recipient.ToLowerHex(), 0, 0, 1, 21000, 31337));
        Assert.Equal(31337 * 2 + 35 + signed.YParity, signed.V);
        var decoded = RawTransaction.Decode(signed.ToRawBytes());
        Assert.Equal(new BigInteger(31337), decoded.ChainId);
        Assert.Equal(signed.V, decoded.V);
    }

    [Fact]
    public void RefusesToSignAPriorityFeeAboveTheFeeCap()
    {
        var transaction = new Transaction1559(1, 0, 3, 2, 21000, Recipient.ToLowerHex(), 0, "0x", []);
        Assert.Contains("MaxPriorityFeePerGas (3) exceeds MaxFeePerGas (2)", Assert.Throws<InvalidOperationException>(() => Key.Sign(transaction)).Message);
    }

    [Theory]
    [InlineData("0x", "A raw transaction cannot be empty.")]
    [InlineData("0x03c0", "Transaction type 0x03 is not supported")]
    [InlineData("0x8180", "Not a transaction: it starts with 0x81, an RLP string")]
    [InlineData("0x02", "An EIP-1559 transaction has a type byte but no payload.")]
    [InlineData("0x02c0", "A signed EIP-1559 transaction must have 12 fields but has 0")]
    [InlineData("0x01c3808080", "A signed EIP-2930 transaction must have 11 fields but has 3")]
    [InlineData("0xc6808080808080", "A signed legacy transaction must have 9 fields but has 6")]
    [InlineData("0x02f8", "The EIP-1559 transaction payload (after the type byte) is not valid RLP")]
    [InlineData("0x0280", "The EIP-1559 transaction payload must be an RLP list but is a string")]
    public void RejectsMalformedRawTransactions(string hex, string expected)
        => Assert.Contains(expected, Assert.Throws<FormatException>(() => RawTransaction.Decode(hex)).Message);

    [Fact]
    public void RejectsBadFieldsInsideAWellFormedEnvelope()
    {
        var raw = Key.Sign(Swap()).ToRawBytes();
        var fields = ((RLPCollection)RLP.Decode(raw[1..])).Select(Encoded).ToList();

        string Mutate(int index, byte[] replacement)
        {
            var copy = fields.ToList();
            copy[index] = replacement;
            return Assert.Throws<FormatException>(() => RawTransaction.Decode([0x02, .. RLP.EncodeList([.. copy])])).Message;
        }

        Assert.Contains("leading zero byte in field 1", Mutate(1, RLP.EncodeElement([0x00, 0x07])));
        Assert.Contains("'to' is 19 bytes; it must be 20", Mutate(5, RLP.EncodeElement(new byte[19])));
        Assert.Contains("y parity must be 0 or 1 (got 2)", Mutate(9, RLP.EncodeElement([2])));
        Assert.Contains("access list entry 0 storage key 0 is 31 bytes", Mutate(8,
            RLP.EncodeList(RLP.EncodeList(RLP.EncodeElement(Recipient.ToBytes()), RLP.EncodeList(RLP.EncodeElement(new byte[31]))))));
        var n = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("signature has s > n/2, which EIP-2 forbids", Mutate(11, RLP.EncodeElement((n - 1).ToByteArray(isUnsigned: true, isBigEndian: true))));
        Assert.Contains("is not signed", Mutate(10, RLP.EncodeElement([])));
        // A non-minimal length prefix: the same 4 calldata bytes written in the long form.
        Assert.Contains("not in canonical RLP form", Mutate(7, [0xb8, 0x04, 0x38, 0xed, 0x17, 0x39]));
    }

    [Fact]
    public void RejectsALegacyVThatIsNeitherPreNorPostEip155()
    {
        var raw = Key.Sign(new LegacyTransaction(Recipient.ToLowerHex(), 0, 0, 1, 21000)).ToRawBytes();
        var fields = ((RLPCollection)RLP.Decode(raw)).Select(Encoded).ToArray();
        fields[6] = RLP.EncodeElement([30]);
        Assert.Contains("v = 30 is neither 27/28", Assert.Throws<FormatException>(() => RawTransaction.Decode(RLP.EncodeList(fields))).Message);
    }

    [Fact]
    public void RejectsTrailingBytes()
    {
        var raw = Key.Sign(Swap()).ToRawBytes();
        Assert.Contains("trailing bytes", Assert.Throws<FormatException>(() => RawTransaction.Decode([.. raw, 0x80])).Message);
    }

    private static byte[] Encoded(IRLPElement element) => element is RLPCollection list ? list.RLPData : RLP.EncodeElement(element.RLPData);
}
