using ChainTrader.Core.Commands;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Oracles;
using ChainTrader.Application.Oracles;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Trades;

/// <summary>The tokens of the trading chain, as the oracle configuration lists them.</summary>
public sealed class TradingTokens
{
    private readonly IReadOnlyList<TradingToken> _tokens;

    private readonly string _quoteSymbol;

    public TradingTokens(IReadOnlyList<TradingToken> tokens, string quoteSymbol)
    {
        _tokens = tokens;
        _quoteSymbol = quoteSymbol;
    }

    /// <summary>The USD stablecoin /buy spends (unless it names another with "with TOKEN"); throws (for the trader to read) when it is not configured on the trading chain.</summary>
    public TradingToken Quote => Find(_quoteSymbol) ?? throw new TradeRequestException(_tokens.Count == 0
        ? "No tradable tokens are configured on the trading chain (CHAIN_<NAME>_TOKEN_<TICKER>=0xAddress,decimals)."
        : $"The quote token {_quoteSymbol} (TRADING_QUOTE_TOKEN) is not among the tradable tokens ({string.Join(", ", _tokens.Select(t => t.TokenSymbol))}).");

    public IReadOnlyList<TradingToken> All => _tokens;

    /// <summary>The tokens the oracle configuration knows on the trading chain (CHAIN_&lt;NAME&gt;_TOKEN_&lt;TICKER&gt;, or the devnet manifest).</summary>
    public static TradingTokens Create(IOptions<TradingOptions> options, OracleConfiguration oracles, TradeChain chain)
    {
        var sources = oracles.Chains.FirstOrDefault(c => c.Chain.Name == chain.Chain.Name);
        var tokens = sources is null ? [] : sources.Tokens.Select(t => new TradingToken(t.Key, t.Value.Ticker, t.Value.Address, t.Value.Decimals)).ToList();
        return new TradingTokens(tokens, options.Value.QuoteToken);
    }

    /// <summary>A symbol in any form the normaliser knows (ETH, WETH, eth), a token symbol, or a contract address.</summary>
    public TradingToken? Find(string symbolOrAddress)
    {
        if (Address.TryParse(symbolOrAddress, out var address)) return _tokens.FirstOrDefault(t => t.Address == address);
        var canonical = SymbolNormalizer.Default.TryToCanonical(symbolOrAddress, out var c) ? c : symbolOrAddress.ToUpperInvariant();
        return _tokens.FirstOrDefault(t => t.Symbol == canonical)
               ?? _tokens.FirstOrDefault(t => string.Equals(t.TokenSymbol, symbolOrAddress, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The token an asset reference names; throws a message for the trader when it is not tradable here.</summary>
    public TradingToken Resolve(AssetRef asset)
    {
        var key = asset switch
        {
            SymbolAsset s => s.Symbol,
            AddressAsset a => a.Address.ToString(),
            _ => throw new ArgumentException($"Unknown asset reference {asset.GetType().Name}.", nameof(asset)),
        };
        return Find(key) ?? throw new TradeRequestException(
            $"{asset.Display} is not tradable here; tokens: {string.Join(", ", _tokens.Select(t => t.TokenSymbol))}.");
    }
}
