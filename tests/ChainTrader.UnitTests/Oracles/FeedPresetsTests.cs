using ChainTrader.Core.Oracles;
using Nethereum.Util;

namespace ChainTrader.UnitTests.Oracles;

public class FeedPresetsTests
{
    /// <summary>EIP-55, computed here independently of the production ABI code.</summary>
    private static bool HasValidChecksum(string address)
    {
        if (address.Length != 42 || !address.StartsWith("0x", StringComparison.Ordinal) || !address[2..].All(char.IsAsciiHexDigit))
            return false;
        var hex = address[2..];
        var hash = Sha3Keccack.Current.CalculateHashAsBytes(hex.ToLowerInvariant());
        for (var i = 0; i < 40; i++)
        {
            if (!char.IsLetter(hex[i]))
                continue;
            var nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xF;
            if (char.IsUpper(hex[i]) != nibble >= 8)
                return false;
        }
        return true;
    }

    [Theory]
    // The EIP-55 specification's own examples.
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", true)]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", true)]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", true)]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb", true)]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", false)]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", false)]
    public void ChecksumCheckMatchesTheSpecificationVectors(string address, bool valid)
        => Assert.Equal(valid, HasValidChecksum(address));

    public static TheoryData<string> Addresses()
    {
        var data = new TheoryData<string>();
        foreach (var feed in FeedPresets.Chainlink) data.Add(feed.Address);
        foreach (var sequencer in FeedPresets.Sequencers) data.Add(sequencer.Address);
        return data;
    }

    [Theory]
    [MemberData(nameof(Addresses))]
    public void EveryPresetAddressCarriesAValidEip55Checksum(string address)
        => Assert.True(HasValidChecksum(address), $"{address} does not carry a valid EIP-55 checksum");

    [Fact]
    public void ChainlinkPresetsCoverEthBtcUsdcOnEveryMainnetChain()
    {
        foreach (var chain in new[] { "ethereum", "base", "arbitrum", "bsc" })
        {
            var symbols = FeedPresets.ChainlinkOn(chain).Select(f => f.Symbol).ToHashSet();
            Assert.Superset(new HashSet<string> { "ETH", "BTC", "USDC" }, symbols);
            Assert.All(FeedPresets.ChainlinkOn(chain), f => Assert.Equal(8, f.Decimals));
            Assert.All(FeedPresets.ChainlinkOn(chain), f => Assert.InRange(f.Heartbeat, TimeSpan.FromMinutes(1), TimeSpan.FromHours(24)));
        }
        Assert.Equal(FeedPresets.Chainlink.Count, FeedPresets.Chainlink.Select(f => (f.Chain, f.Symbol)).Distinct().Count());
        Assert.Equal(FeedPresets.Chainlink.Count, FeedPresets.Chainlink.Select(f => f.Address.ToLowerInvariant()).Distinct().Count());
    }

    [Fact]
    public void EveryPresetSymbolIsSupportedAndHasASanityRange()
    {
        foreach (var symbol in FeedPresets.Chainlink.Select(f => f.Symbol).Concat(FeedPresets.Pyth.Select(p => p.Symbol)).Distinct())
        {
            Assert.Equal(symbol, SymbolNormalizer.Default.ToCanonical(symbol));
            Assert.True(OracleOptions.DefaultSanityRanges.ContainsKey(symbol), $"no default sanity range for {symbol}");
        }
    }

    // SOL/USD on Ethereum is the one preset outside the majors, so with Pyth's SOL feed it has the two sources LIVE needs.
    [Fact]
    public void SolHasAChainlinkFeedOnEthereumOnly()
    {
        var sol = Assert.Single(FeedPresets.Chainlink, f => f.Symbol == "SOL");
        Assert.Equal(new ChainlinkFeedPreset("ethereum", "SOL", "0x4ffC43a60e009B551865A93d232E33Fce9f01507", 8, TimeSpan.FromHours(24)), sol);
        Assert.NotNull(FeedPresets.PythFor("SOL"));
    }

    [Fact]
    public void SequencerFeedsExistForTheL2sOnly()
    {
        Assert.Equal("0xBCF85224fc0756B9Fa45aA7892530B47e10b6433", FeedPresets.SequencerOn("Base")!.Address);
        Assert.Equal("0xFdB631F5EE196F0ed6FAa767959853A9F217697D", FeedPresets.SequencerOn("arbitrum")!.Address);
        Assert.Null(FeedPresets.SequencerOn("ethereum"));
        Assert.Null(FeedPresets.SequencerOn("bsc"));
    }

    [Fact]
    public void PythIdsAreLowerCaseHexWithoutPrefix()
    {
        Assert.Equal(new[] { "BTC", "ETH", "USDC", "SOL" }, FeedPresets.Pyth.Select(p => p.Symbol));
        Assert.All(FeedPresets.Pyth, p => Assert.Matches("^[0-9a-f]{64}$", p.FeedId));
        Assert.Equal("ff61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace", FeedPresets.PythFor("eth")!.FeedId);
        Assert.Null(FeedPresets.PythFor("BNB"));
    }
}
