using System.Globalization;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Oracles;
using ChainTrader.Core.Trades;
using ChainTrader.Functions.Configuration;
using Microsoft.Extensions.Options;

namespace ChainTrader.Functions.Trades;

/// <summary>
/// One tradable ERC-20: <see cref="Symbol"/> is the canonical asset (ETH for WETH) that keys oracle prices and ledger
/// positions; <see cref="TokenSymbol"/> is what the contract calls itself.
/// </summary>
public sealed record TradingToken(string Symbol, string TokenSymbol, Address Address, int Decimals)
{
    public TokenLeg Leg => new(Symbol, Address.ToString(), Decimals);
}

/// <summary>The tokens of the trading chain, from TRADING_TOKENS or (on the devnet) the deploy manifest.</summary>
public sealed class TradingTokens
{
    private readonly IReadOnlyList<TradingToken> _tokens;

    public TradingTokens(IReadOnlyList<TradingToken> tokens, string quoteSymbol)
    {
        if (tokens.Count == 0) throw new InvalidOperationException("No tradable tokens are configured: set TRADING_TOKENS (SYMBOL=0xADDRESS:DECIMALS;...).");
        _tokens = tokens;
        Quote = Find(quoteSymbol) ?? throw new InvalidOperationException(
            $"TRADING_QUOTE_TOKEN {quoteSymbol} is not among the tradable tokens ({string.Join(", ", tokens.Select(t => t.TokenSymbol))}).");
    }

    /// <summary>The USD stablecoin /buy spends.</summary>
    public TradingToken Quote { get; }

    public IReadOnlyList<TradingToken> All => _tokens;

    public static TradingTokens Create(IOptions<TradingOptions> options, ChainCatalog catalog)
    {
        var settings = options.Value;
        IReadOnlyList<TradingToken> tokens = settings.Tokens.Length > 0
            ? ParseSetting(settings.Tokens)
            : catalog.Devnet is { } devnet
                ? devnet.Tokens.Select(t => Token(t.Key, Address.Parse(t.Value.Address), t.Value.Decimals)).ToList()
                : [];
        return new TradingTokens(tokens, settings.QuoteToken);
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

    /// <summary>Parses <c>SYMBOL=0xADDRESS:DECIMALS;...</c>; throws <see cref="FormatException"/> naming the bad entry.</summary>
    public static IReadOnlyList<TradingToken> ParseSetting(string text)
    {
        var tokens = new List<TradingToken>();
        var entries = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            var colon = entry.LastIndexOf(':');
            if (eq <= 0 || colon < eq)
                throw new FormatException($"entry {i + 1} \"{entry}\" is not SYMBOL=0xADDRESS:DECIMALS.");
            var symbol = entry[..eq].Trim();
            if (!Address.TryParse(entry[(eq + 1)..colon].Trim(), out var address))
                throw new FormatException($"entry {i + 1} ({symbol}) has an invalid or wrongly checksummed address.");
            if (!int.TryParse(entry[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var decimals) || decimals > 36)
                throw new FormatException($"entry {i + 1} ({symbol}) has decimals \"{entry[(colon + 1)..]}\"; use 0-36.");
            if (tokens.Any(t => t.Address == address)) throw new FormatException($"entry {i + 1} ({symbol}) repeats address {address}.");
            tokens.Add(Token(symbol, address, decimals));
        }
        return tokens;
    }

    private static TradingToken Token(string tokenSymbol, Address address, int decimals)
    {
        var canonical = SymbolNormalizer.Default.TryToCanonical(tokenSymbol, out var c) ? c : tokenSymbol.ToUpperInvariant();
        return new TradingToken(canonical, tokenSymbol, address, decimals);
    }
}

/// <summary>A trade request that cannot be carried out as asked; the message is for the trader and changes nothing.</summary>
public sealed class TradeRequestException(string message) : Exception(message);
