using ChainTrader.Core.Evm;

namespace ChainTrader.UnitTests.Evm;

public class AddressTests
{
    private const string Checksummed = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"; // from the EIP-55 specification

    [Theory]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")]
    [InlineData("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED")]
    [InlineData("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")]
    [InlineData(Checksummed)]
    public void ParsesLowerUpperAndChecksummedForms(string text)
    {
        Assert.Equal(Checksummed, Address.Parse(text).ToString());
        Assert.True(Address.TryParse(text, out var parsed));
        Assert.Equal(Address.Parse(Checksummed), parsed);
    }

    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "mixes upper and lower case but its EIP-55 checksum is wrong")]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea", "An address is 40 hex digits (20 bytes) after the optional 0x; got 38")]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed00", "got 42")]
    [InlineData("0x", "got 0")]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beagd", "has a non-hex character 'g' at digit 38")]
    public void RejectsBadAddressesSaying(string text, string expected)
    {
        Assert.Contains(expected, Assert.Throws<FormatException>(() => Address.Parse(text)).Message);
        Assert.False(Address.TryParse(text, out _));
    }

    [Fact]
    public void TryParseRejectsNull() => Assert.False(Address.TryParse(null, out _));

    [Fact]
    public void DefaultIsTheZeroAddressAndEqualityIsByValue()
    {
        Assert.Equal("0x0000000000000000000000000000000000000000", default(Address).ToString());
        Assert.Equal(Address.Parse(Checksummed), new Address(Address.Parse(Checksummed).ToBytes()));
        Assert.Equal("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", Address.Parse(Checksummed).ToLowerHex());
        Assert.Contains("An address is 20 bytes; got 19", Assert.Throws<ArgumentException>(() => new Address(new byte[19])).Message);
    }
}
