using System.Numerics;
using ChainTrader.Core;
using ChainTrader.Core.Evm;

namespace ChainTrader.UnitTests.Evm;

public class RlpTests
{
    [Theory]
    [InlineData("0x", "RLP input is empty.")]
    [InlineData("0x8100", "RLP string at offset 0 encodes the single byte 0x00 with a length prefix")]
    [InlineData("0xc5820101817f", "RLP string at offset 4 encodes the single byte 0x7f with a length prefix")]
    [InlineData("0xb80141", "RLP string at offset 0 uses the long length form for 1 bytes")]
    [InlineData("0xf83701", "RLP list at offset 0 uses the long length form for 55 bytes")]
    [InlineData("0xb9003841", "RLP string at offset 0 has a length field with a leading zero byte")]
    [InlineData("0x8301", "RLP string at offset 0 is truncated: it declares 3 payload byte(s) but only 1 remain in its input")]
    [InlineData("0xb9", "RLP string at offset 0 is truncated: its 2-byte length field runs past the end of its input")]
    [InlineData("0xc2830102", "RLP string at offset 1 is truncated: it declares 3 payload byte(s) but only 1 remain in its enclosing list")]
    [InlineData("0x0102", "RLP input has 1 trailing byte(s) after the item that ends at offset 1.")]
    [InlineData("0xc0c0", "RLP input has 1 trailing byte(s) after the item that ends at offset 1.")]
    [InlineData("0xbc0000000001", "RLP string at offset 0 has a length field with a leading zero byte")]
    [InlineData("0xbcffffffffff", "RLP string at offset 0 declares a 5-byte length")]
    public void RejectsMalformedInputWithItsOffset(string hex, string expected)
    {
        var error = Assert.Throws<FormatException>(() => Rlp.Decode(Hex.Decode(hex)));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData(0, "0x80")]
    [InlineData(1, "0x01")]
    [InlineData(0x7f, "0x7f")]
    [InlineData(0x80, "0x8180")]
    [InlineData(1024, "0x820400")]
    public void EncodesIntegersMinimally(long value, string expected)
        => Assert.Equal(expected, Hex.Encode(Rlp.Encode(RlpItem.FromUInt(new BigInteger(value)))));

    [Fact]
    public void EncodesTheLargest256BitInteger()
        => Assert.Equal("0xa0" + new string('f', 64), Hex.Encode(Rlp.Encode(RlpItem.FromUInt(UInt256.MaxValue))));

    [Fact]
    public void RejectsIntegersOutsideTheWordRange()
    {
        Assert.Contains("must not be negative (got -1)", Assert.Throws<ArgumentOutOfRangeException>(() => RlpItem.FromUInt(BigInteger.MinusOne)).Message);
        Assert.Contains("does not fit in 256 bits", Assert.Throws<ArgumentOutOfRangeException>(() => RlpItem.FromUInt(UInt256.MaxValue + 1)).Message);
    }

    [Fact]
    public void ReadsIntegersStrictly()
    {
        var list = (RlpList)Rlp.Decode(Hex.Decode("0xcf820001890100000000000000008180"));
        Assert.Contains("'nonce' has a leading zero byte (at offset 1)", Assert.Throws<FormatException>(() => list[0].AsString("'nonce'").ToUInt("'nonce'")).Message);
        Assert.Contains("is 9 bytes (at offset 4); it must fit in 64 bits", Assert.Throws<FormatException>(() => list[1].AsString("'gas'").ToUInt64("'gas'")).Message);
        Assert.Equal(128UL, list[2].AsString("'value'").ToUInt64("'value'"));
        Assert.Contains("must be an RLP list but is a string (at offset 0)", Assert.Throws<FormatException>(() => Rlp.Decode([0x05]).AsList("the payload")).Message);
    }

    [Fact]
    public void RoundTripsLongNestedLists()
    {
        var item = RlpItem.List(Enumerable.Range(0, 300).Select(i => (RlpItem)RlpItem.List(RlpItem.FromUInt((ulong)i), new RlpString(new byte[i % 70]))));
        var encoded = Rlp.Encode(item);
        Assert.Equal(encoded, Rlp.Encode(Rlp.Decode(encoded)));
    }
}
