using ChainTrader.Core;

namespace ChainTrader.UnitTests;

public class HexTests
{
    [Fact]
    public void RoundTripsBytes() => Assert.Equal(new byte[] { 0xde, 0xad }, Hex.Decode(Hex.Encode([0xde, 0xad])));

    [Fact]
    public void RejectsOddLength() => Assert.Contains("odd number", Assert.Throws<FormatException>(() => Hex.Decode("0xabc")).Message);
}
