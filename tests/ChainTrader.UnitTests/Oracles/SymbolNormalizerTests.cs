using ChainTrader.Core.Oracles;

namespace ChainTrader.UnitTests.Oracles;

public class SymbolNormalizerTests
{
    private static readonly SymbolNormalizer Symbols = SymbolNormalizer.Default;

    [Theory]
    [InlineData("BTC/USD", "BTC")]
    [InlineData("btc", "BTC")]
    [InlineData("BTC-USD", "BTC")]
    [InlineData(" btc_usd ", "BTC")]
    [InlineData("BTCUSD", "BTC")]
    [InlineData("WBTC", "BTC")]
    [InlineData("wbtc/usd", "BTC")]
    [InlineData("XBT", "BTC")]
    [InlineData("ETH", "ETH")]
    [InlineData("weth", "ETH")]
    [InlineData("ETH / USD", "ETH")]
    [InlineData("USDC", "USDC")]
    [InlineData("usdc.e", "USDC")]
    [InlineData("USDCUSD", "USDC")]
    [InlineData("SOL", "SOL")]
    [InlineData("wbnb", "BNB")]
    public void UiAndProviderFormsMapToCanonical(string input, string canonical)
    {
        Assert.Equal(canonical, Symbols.ToCanonical(input));
        Assert.True(Symbols.IsSupported(input));
    }

    [Theory]
    [InlineData("DOGE", "Unknown symbol \"DOGE\". Supported symbols: BNB, BTC, ETH, SOL, USDC.")]
    [InlineData("doge/usd", "Unknown symbol \"doge/usd\". Supported symbols: BNB, BTC, ETH, SOL, USDC.")]
    [InlineData("USD", "Unknown symbol \"USD\". Supported symbols: BNB, BTC, ETH, SOL, USDC.")]
    [InlineData("", "No symbol given. Supported symbols: BNB, BTC, ETH, SOL, USDC.")]
    [InlineData("ETH/EUR", "\"ETH/EUR\" is quoted in \"EUR\"; prices are quoted in USD (for example ETH/USD). Supported symbols: BNB, BTC, ETH, SOL, USDC.")]
    public void UnknownSymbolsAreRejectedListingTheSupportedOnes(string input, string message)
    {
        var ex = Assert.Throws<UnsupportedSymbolException>(() => Symbols.ToCanonical(input));
        Assert.Equal(message, ex.Message);
        Assert.False(Symbols.TryToCanonical(input, out _));
    }

    [Fact]
    public void UiFormatIsCanonicalOverUsd()
    {
        Assert.Equal("BTC/USD", Symbols.ToUiFormat("BTC"));
        Assert.Equal("BTC/USD", Symbols.ToUiFormat("wbtc"));
        Assert.Equal("ETH/USD", Symbols.ToUiFormat("ETH-USD"));
        Assert.Throws<UnsupportedSymbolException>(() => Symbols.ToUiFormat("PEPE"));
    }

    [Fact]
    public void AliasTableIsConfigurable()
    {
        var custom = SymbolNormalizer.WithExtraAliases("ETH=STETH|CBETH; ARB=");
        Assert.Equal("ETH", custom.ToCanonical("stETH"));
        Assert.Equal("ETH", custom.ToCanonical("cbeth/usd"));
        Assert.Equal("ARB", custom.ToCanonical("arb"));
        Assert.Contains("ARB", custom.SupportedSymbols);
        Assert.Same(SymbolNormalizer.Default, SymbolNormalizer.WithExtraAliases(" "));
    }

    [Fact]
    public void AnAliasMayBelongToOneSymbolOnly()
    {
        var ex = Assert.Throws<ArgumentException>(() => SymbolNormalizer.WithExtraAliases("ETH=WBTC"));
        Assert.Equal("Symbol \"WBTC\" is listed for both BTC and ETH; an alias may belong to one symbol only.", ex.Message);
    }

    [Theory]
    [InlineData("ETH", "Symbol alias entry \"ETH\" is not of the form CANONICAL=ALIAS|ALIAS. (Parameter 'extraAliases')")]
    [InlineData("ETH=ST/ETH", "The alias of ETH \"ST/ETH\" is not a ticker (1-20 characters, no '/', '-', '_', ':' or spaces).")]
    public void MalformedAliasTablesAreRejected(string spec, string message)
        => Assert.Equal(message, Assert.Throws<ArgumentException>(() => SymbolNormalizer.WithExtraAliases(spec)).Message);
}
