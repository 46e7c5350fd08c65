using System.Globalization;
using ChainTrader.Adapters.Oracles;
using ChainTrader.Core.Chains;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Oracles;
using ChainTrader.Application.Configuration;

namespace ChainTrader.Application.Oracles;

/// <summary>
/// Which prices ChainTrader reads and how it judges them, built once from settings (README "Oracles"):
/// <list type="bullet">
/// <item>Chainlink feeds per enabled chain: the devnet's from its manifest, mainnet chains' from <see cref="FeedPresets"/>,
/// each overridable or extendable with CHAIN_&lt;NAME&gt;_FEED_&lt;SYM&gt;=address,heartbeatSeconds.</item>
/// <item>ORACLE_SYMBOLS (default: every symbol with a feed on an enabled chain) and ORACLE_TRADING_SYMBOLS (default: all of
/// them; <c>none</c> for none), which /readyz requires usable.</item>
/// <item>Pyth through Hermes: on when PYTH_HERMES_ENDPOINT is set, or when unset and a mainnet chain is enabled (then the
/// public Hermes); a devnet-only deployment reads no Pyth unless the endpoint is configured, so it never reaches the
/// internet. <c>PYTH_HERMES_ENDPOINT=off</c> turns Pyth off everywhere.</item>
/// <item>The DEX quote: ORACLE_DEX_QUOTE_USD (1000) of the chain's USDC sold for each symbol's token on ORACLE_DEX_CHAIN
/// (default: the first enabled chain with a router and token addresses), along ORACLE_DEX_PATH_&lt;SYM&gt; (tickers,
/// default USDC then the symbol's token).</item>
/// </list>
/// </summary>
public sealed class OracleConfiguration
{
    public const string Stablecoin = "USDC";
    public const string PythOff = "off";

    private OracleConfiguration(
        IReadOnlyList<string> symbols,
        IReadOnlyList<string> tradingSymbols,
        OracleOptions rules,
        IReadOnlyList<ChainOracleSources> chains,
        bool pythEnabled,
        IReadOnlyDictionary<string, string> pythFeedIds,
        string pythEndpoint,
        IReadOnlyDictionary<string, DexRoute> dexRoutes,
        decimal dexQuoteUsd,
        SymbolNormalizer normalizer,
        TimeSpan readBudget)
    {
        Symbols = symbols;
        TradingSymbols = tradingSymbols;
        Rules = rules;
        Chains = chains;
        PythEnabled = pythEnabled;
        PythFeedIds = pythFeedIds;
        PythEndpoint = pythEndpoint;
        DexRoutes = dexRoutes;
        DexQuoteUsd = dexQuoteUsd;
        Normalizer = normalizer;
        ReadBudget = readBudget;
    }

    /// <summary>Canonical symbols polled, in configured order.</summary>
    public IReadOnlyList<string> Symbols { get; }

    /// <summary>Symbols that must have a usable price for the app to be ready.</summary>
    public IReadOnlyList<string> TradingSymbols { get; }

    public OracleOptions Rules { get; }
    public IReadOnlyList<ChainOracleSources> Chains { get; }
    public bool PythEnabled { get; }

    /// <summary>Pyth feed id (64 hex digits) per symbol read from Hermes; empty when Pyth is off.</summary>
    public IReadOnlyDictionary<string, string> PythFeedIds { get; }

    /// <summary>Where Pyth prices come from, redacted to scheme and host (it may carry a token), for provenance.</summary>
    public string PythEndpoint { get; }

    public IReadOnlyDictionary<string, DexRoute> DexRoutes { get; }
    public decimal DexQuoteUsd { get; }
    public SymbolNormalizer Normalizer { get; }

    /// <summary>ORACLE_READ_TIMEOUT_S: how long one read of the sources may take before the missing ones count as failed.</summary>
    public TimeSpan ReadBudget { get; }

    public IEnumerable<ChainlinkFeedSource> AllFeeds => Chains.SelectMany(c => c.Feeds);

    /// <summary>
    /// The canonical symbol for trader input (<c>eth</c>, <c>WETH</c>, <c>ETH/USD</c>); throws <see cref="UnsupportedSymbolException"/>
    /// listing the symbols this deployment prices when it is unknown or not polled.
    /// </summary>
    public string Canonical(string? input)
    {
        string problem;
        try
        {
            var canonical = Normalizer.ToCanonical(input);
            if (Symbols.Contains(canonical, StringComparer.Ordinal))
                return canonical;
            problem = $"{canonical} is not priced by this deployment.";
        }
        catch (UnsupportedSymbolException ex)
        {
            // The normaliser lists every symbol it knows; traders need the ones priced here.
            var cut = ex.Message.IndexOf(" Supported symbols:", StringComparison.Ordinal);
            problem = cut < 0 ? ex.Message : ex.Message[..cut];
        }
        throw new UnsupportedSymbolException($"{problem} Supported symbols: {string.Join(", ", Symbols)}.");
    }

    public static OracleConfiguration FromConfiguration(IConfiguration configuration, ChainCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(catalog);
        var problems = new List<string>();
        SymbolNormalizer normalizer;
        try { normalizer = SymbolNormalizer.WithExtraAliases(configuration["ORACLE_SYMBOL_ALIASES"]); }
        catch (ArgumentException ex)
        {
            problems.Add($"ORACLE_SYMBOL_ALIASES: {ex.Message}");
            normalizer = SymbolNormalizer.Default;
        }

        var chains = catalog.Chains.Select(chain => ChainSources(chain, catalog.Devnet, configuration, normalizer, problems)).ToList();

        var symbols = SymbolList(configuration["ORACLE_SYMBOLS"], "ORACLE_SYMBOLS", normalizer, problems)
                      ?? chains.SelectMany(c => c.Feeds).Select(f => f.Symbol).Distinct(StringComparer.Ordinal).ToList();
        var tradingText = configuration["ORACLE_TRADING_SYMBOLS"];
        var trading = string.Equals(tradingText?.Trim(), "none", StringComparison.OrdinalIgnoreCase)
            ? []
            : SymbolList(tradingText, "ORACLE_TRADING_SYMBOLS", normalizer, problems) ?? symbols;
        foreach (var symbol in trading.Where(s => !symbols.Contains(s)))
            problems.Add($"ORACLE_TRADING_SYMBOLS: {symbol} is not in ORACLE_SYMBOLS ({string.Join(", ", symbols)}).");

        OracleOptions rules;
        try { rules = OracleOptions.FromSettings(key => configuration[key], symbols); }
        catch (ArgumentException ex)
        {
            problems.Add(ex.Message);
            rules = new OracleOptions();
        }
        foreach (var symbol in symbols.Where(s => !rules.SanityRanges.ContainsKey(s)))
            problems.Add($"CHAINLINK_SANITY_{symbol}_MIN/MAX: {symbol} has no sanity range, so it could never be usable.");

        var (pythEnabled, pythEndpoint) = Pyth(configuration, catalog, problems);
        var pythIds = new Dictionary<string, string>(StringComparer.Ordinal);
        if (pythEnabled)
        {
            foreach (var symbol in symbols)
            {
                var id = configuration[$"PYTH_FEED_{symbol}"] is { Length: > 0 } configured ? configured : FeedPresets.PythFor(symbol)?.FeedId;
                if (id is null) continue;
                try { pythIds[symbol] = PythHermesClient.NormaliseId(id); }
                catch (ArgumentException ex) { problems.Add($"PYTH_FEED_{symbol}: {ex.Message}"); }
            }
        }

        var dexQuoteUsd = DecimalSetting(configuration, "ORACLE_DEX_QUOTE_USD", 1000m, problems);
        var dexRoutes = BuildDexRoutes(configuration, chains, symbols, dexQuoteUsd, problems);
        var readBudget = TimeSpan.FromSeconds((double)DecimalSetting(configuration, "ORACLE_READ_TIMEOUT_S", 5m, problems));

        if (problems.Count > 0)
            throw new InvalidOperationException("Invalid oracle settings:\n- " + string.Join("\n- ", problems));
        return new OracleConfiguration(symbols, trading, rules, chains, pythEnabled, pythIds, pythEndpoint, dexRoutes, dexQuoteUsd, normalizer, readBudget);
    }

    private static ChainOracleSources ChainSources(ChainDefinition chain, DevnetManifest? devnet, IConfiguration configuration, SymbolNormalizer normalizer,
        List<string> problems)
    {
        var feeds = new Dictionary<string, ChainlinkFeedSource>(StringComparer.Ordinal);
        var tokens = new Dictionary<string, ChainToken>(StringComparer.Ordinal);
        Address? sequencer = null;
        var isDevnet = chain.Name == "devnet" && devnet is not null;
        if (isDevnet)
        {
            var heartbeat = TimeSpan.FromSeconds((double)DecimalSetting(configuration, "DEVNET_FEED_HEARTBEAT_S", 3600m, problems));
            foreach (var (pair, feed) in devnet!.Feeds)
            {
                if (normalizer.TryToCanonical(pair, out var symbol))
                    feeds[symbol] = new ChainlinkFeedSource(chain.Name, symbol, Address.Parse(feed.Address), heartbeat);
                else
                    problems.Add($"DEVNET_MANIFEST: feed \"{pair}\" is not a symbol the normaliser knows (add it to ORACLE_SYMBOL_ALIASES).");
            }
            foreach (var (ticker, token) in devnet.Tokens)
            {
                if (normalizer.TryToCanonical(ticker, out var symbol))
                    tokens[symbol] = new ChainToken(ticker, Address.Parse(token.Address), token.Decimals);
            }
            sequencer = Address.Parse(devnet.Contracts.SequencerUptimeFeed);
        }
        else
        {
            foreach (var preset in FeedPresets.ChainlinkOn(chain.Name))
                feeds[preset.Symbol] = new ChainlinkFeedSource(chain.Name, preset.Symbol, Address.Parse(preset.Address), preset.Heartbeat);
            if (FeedPresets.SequencerOn(chain.Name) is { } preset2)
                sequencer = Address.Parse(preset2.Address);
        }

        var prefix = ChainCatalog.Key(chain.Name, "");
        foreach (var (key, value) in configuration.AsEnumerable().Where(kv => kv.Value is not null).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (key.StartsWith(prefix + "FEED_", StringComparison.OrdinalIgnoreCase))
            {
                var symbolText = key[(prefix.Length + 5)..];
                if (!normalizer.TryToCanonical(symbolText, out var symbol))
                {
                    problems.Add($"{key}: \"{symbolText}\" is not a known symbol.");
                    continue;
                }
                var parts = value!.Split(',', StringSplitOptions.TrimEntries);
                if (parts.Length != 2 || !Address.TryParse(parts[0], out var address)
                    || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
                {
                    problems.Add($"{key}: expected \"0xFeedAddress,heartbeatSeconds\", got \"{value}\".");
                    continue;
                }
                feeds[symbol] = new ChainlinkFeedSource(chain.Name, symbol, address, TimeSpan.FromSeconds(seconds));
            }
            else if (key.StartsWith(prefix + "TOKEN_", StringComparison.OrdinalIgnoreCase))
            {
                var ticker = key[(prefix.Length + 6)..].ToUpperInvariant();
                var parts = value!.Split(',', StringSplitOptions.TrimEntries);
                if (!normalizer.TryToCanonical(ticker, out var symbol) || parts.Length != 2 || !Address.TryParse(parts[0], out var address)
                    || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var decimals) || decimals > 36)
                {
                    problems.Add($"{key}: expected a known ticker and \"0xTokenAddress,decimals\", got \"{value}\".");
                    continue;
                }
                tokens[symbol] = new ChainToken(ticker, address, decimals);
            }
        }

        var requiresKey = ChainCatalog.Key(chain.Name, "REQUIRES_SEQUENCER");
        var requires = FeedPresets.SequencerOn(chain.Name) is not null;
        if (configuration[requiresKey] is { Length: > 0 } text)
        {
            if (bool.TryParse(text, out var parsed)) requires = parsed;
            else problems.Add($"{requiresKey}: \"{text}\" is not true or false.");
        }
        if (requires && sequencer is null)
            problems.Add($"{requiresKey}: {chain.Name} requires a sequencer uptime feed but none is known for it.");
        return new ChainOracleSources(chain, feeds.Values.OrderBy(f => f.Symbol, StringComparer.Ordinal).ToList(), sequencer, requires, tokens);
    }

    private static (bool Enabled, string Endpoint) Pyth(IConfiguration configuration, ChainCatalog catalog, List<string> problems)
    {
        var configured = configuration["PYTH_HERMES_ENDPOINT"]?.Trim();
        if (string.Equals(configured, PythOff, StringComparison.OrdinalIgnoreCase))
            return (false, "");
        var endpoint = string.IsNullOrEmpty(configured) ? new PythHermesOptions().Endpoint : configured;
        var enabled = !string.IsNullOrEmpty(configured) || catalog.Chains.Any(c => c.Name != "devnet");
        if (!enabled)
            return (false, "");
        try
        {
            var url = PythHermesClient.LatestUrl(endpoint);
            return (true, $"{url.Scheme}://{url.Authority}/");
        }
        catch (ArgumentException ex)
        {
            problems.Add(ex.Message);
            return (false, "");
        }
    }

    private static Dictionary<string, DexRoute> BuildDexRoutes(IConfiguration configuration, IReadOnlyList<ChainOracleSources> chains, IReadOnlyList<string> symbols,
        decimal quoteUsd, List<string> problems)
    {
        var routes = new Dictionary<string, DexRoute>(StringComparer.Ordinal);
        var chainName = configuration["ORACLE_DEX_CHAIN"]?.Trim();
        ChainOracleSources? chain;
        if (string.Equals(chainName, "none", StringComparison.OrdinalIgnoreCase))
            return routes;
        if (!string.IsNullOrEmpty(chainName))
        {
            chain = chains.FirstOrDefault(c => string.Equals(c.Chain.Name, chainName, StringComparison.OrdinalIgnoreCase));
            if (chain is null || chain.Chain.DexRouter is null || !chain.Tokens.ContainsKey(Stablecoin))
            {
                problems.Add($"ORACLE_DEX_CHAIN: \"{chainName}\" is not an enabled chain with a DEX router and a {Stablecoin} token.");
                return routes;
            }
        }
        else
        {
            chain = chains.FirstOrDefault(c => c.Chain.DexRouter is not null && c.Tokens.ContainsKey(Stablecoin));
            if (chain is null)
                return routes;
        }

        var router = Address.Parse(chain.Chain.DexRouter!);
        var stable = chain.Tokens[Stablecoin];
        foreach (var symbol in symbols.Where(s => s != Stablecoin))
        {
            var pathKey = $"ORACLE_DEX_PATH_{symbol}";
            IReadOnlyList<string> tickers = configuration[pathKey] is { Length: > 0 } text
                ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : chain.Tokens.TryGetValue(symbol, out var own) ? [stable.Ticker, own.Ticker] : [];
            if (tickers.Count == 0)
                continue; // no token for this symbol on the DEX chain: no quote to check against.
            var hops = new List<ChainToken>();
            foreach (var ticker in tickers)
            {
                if (chain.Tokens.Values.FirstOrDefault(t => string.Equals(t.Ticker, ticker, StringComparison.OrdinalIgnoreCase)) is { } token)
                    hops.Add(token);
                else
                    problems.Add($"{pathKey}: {chain.Chain.Name} has no token \"{ticker}\" (known: {string.Join(", ", chain.Tokens.Values.Select(t => t.Ticker))}).");
            }
            if (hops.Count != tickers.Count)
                continue;
            if (hops.Count < 2 || hops[0] != stable || !normalizerMatches(hops[^1], symbol))
            {
                problems.Add($"{pathKey}: the path must start with {stable.Ticker} and end with {symbol}'s token; got {string.Join(",", tickers)}.");
                continue;
            }
            routes[symbol] = new DexRoute(chain.Chain.Name, symbol, router, hops.Select(h => h.Address).ToList(), hops.Select(h => h.Ticker).ToList(),
                ChainTrader.Core.Trades.TokenUnits.ToRaw(quoteUsd, stable.Decimals), stable.Decimals, hops[^1].Decimals);
        }
        return routes;

        bool normalizerMatches(ChainToken token, string symbol) => chain.Tokens.TryGetValue(symbol, out var expected) && expected == token;
    }

    private static List<string>? SymbolList(string? text, string key, SymbolNormalizer normalizer, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var list = new List<string>();
        foreach (var entry in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (normalizer.TryToCanonical(entry, out var symbol))
            {
                if (!list.Contains(symbol)) list.Add(symbol);
            }
            else
            {
                problems.Add($"{key}: \"{entry}\" is not a known symbol (supported: {string.Join(", ", normalizer.SupportedSymbols)}; add aliases with ORACLE_SYMBOL_ALIASES).");
            }
        }
        return list;
    }

    private static decimal DecimalSetting(IConfiguration configuration, string key, decimal fallback, List<string> problems)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
            return fallback;
        if (decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= 1_000_000_000m)
            return value;
        problems.Add($"{key}: \"{text}\" is not a positive number.");
        return fallback;
    }
}
