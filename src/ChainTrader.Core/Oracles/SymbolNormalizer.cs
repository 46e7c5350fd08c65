namespace ChainTrader.Core.Oracles;

/// <summary>
/// Maps the forms traders and providers use (<c>BTC/USD</c>, <c>btc</c>, <c>BTC-USD</c>, <c>WBTC</c>, <c>XBT</c>) to one
/// canonical symbol (<c>BTC</c>) that keys feeds, sanity ranges, snapshots and alerts. Prices are always quoted in USD,
/// so a pair form must end in USD. Wrapped and exchange-specific tickers are aliases of the asset they track.
/// </summary>
public sealed class SymbolNormalizer
{
    /// <summary>The quote currency every oracle price is expressed in.</summary>
    public const string Quote = "USD";

    private static readonly char[] PairSeparators = ['/', '-', '_', ' ', ':'];

    private readonly Dictionary<string, string> _canonicalByForm;

    /// <param name="aliasesByCanonical">Each canonical symbol with its aliases (the canonical form itself is implied).</param>
    public SymbolNormalizer(IReadOnlyDictionary<string, IReadOnlyCollection<string>> aliasesByCanonical)
    {
        ArgumentNullException.ThrowIfNull(aliasesByCanonical);
        if (aliasesByCanonical.Count == 0)
            throw new ArgumentException("The alias table is empty: at least one canonical symbol is required.", nameof(aliasesByCanonical));

        _canonicalByForm = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (canonical, aliases) in aliasesByCanonical)
        {
            var symbol = RequireTicker(canonical, "canonical symbol");
            Add(symbol, symbol);
            foreach (var alias in aliases)
                Add(RequireTicker(alias, $"alias of {symbol}"), symbol);
        }
        SupportedSymbols = aliasesByCanonical.Keys.Select(k => k.Trim().ToUpperInvariant()).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>BTC, ETH, USDC, SOL and BNB with their common wrapped and exchange tickers.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyCollection<string>> DefaultAliases { get; } =
        new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal)
        {
            ["BTC"] = ["WBTC", "XBT", "BTCB", "CBBTC"],
            ["ETH"] = ["WETH"],
            ["USDC"] = ["USDC.E", "USDBC"],
            ["SOL"] = ["WSOL"],
            ["BNB"] = ["WBNB"],
        };

    public static SymbolNormalizer Default { get; } = new(DefaultAliases);

    /// <summary>Canonical symbols, sorted.</summary>
    public IReadOnlyList<string> SupportedSymbols { get; }

    /// <summary>
    /// Builds a normaliser from the default table extended by <paramref name="extraAliases"/>, written
    /// <c>CANONICAL=ALIAS|ALIAS;CANONICAL=...</c> (for example <c>ETH=STETH;ARB=</c>; an empty alias list adds a symbol).
    /// </summary>
    public static SymbolNormalizer WithExtraAliases(string? extraAliases)
    {
        if (string.IsNullOrWhiteSpace(extraAliases))
            return Default;
        var table = DefaultAliases.ToDictionary(kv => kv.Key, kv => kv.Value.ToList(), StringComparer.Ordinal);
        foreach (var entry in extraAliases.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = entry.IndexOf('=');
            if (equals <= 0)
                throw new ArgumentException($"Symbol alias entry \"{entry}\" is not of the form CANONICAL=ALIAS|ALIAS.", nameof(extraAliases));
            var canonical = entry[..equals].Trim().ToUpperInvariant();
            var aliases = entry[(equals + 1)..].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (!table.TryGetValue(canonical, out var list))
                table[canonical] = list = [];
            list.AddRange(aliases);
        }
        return new SymbolNormalizer(table.ToDictionary(kv => kv.Key, kv => (IReadOnlyCollection<string>)kv.Value, StringComparer.Ordinal));
    }

    /// <summary>The canonical symbol for <paramref name="input"/>; throws <see cref="UnsupportedSymbolException"/> if there is none.</summary>
    public string ToCanonical(string? input)
    {
        if (TryToCanonical(input, out var canonical, out var problem))
            return canonical;
        throw new UnsupportedSymbolException(problem);
    }

    public bool TryToCanonical(string? input, out string canonical) => TryToCanonical(input, out canonical, out _);

    public bool IsSupported(string? input) => TryToCanonical(input, out _, out _);

    /// <summary>The form traders see: <c>BTC</c> (or any alias of it) becomes <c>BTC/USD</c>.</summary>
    public string ToUiFormat(string? symbol) => $"{ToCanonical(symbol)}/{Quote}";

    private bool TryToCanonical(string? input, out string canonical, out string problem)
    {
        canonical = "";
        if (string.IsNullOrWhiteSpace(input))
        {
            problem = $"No symbol given. Supported symbols: {SupportedList}.";
            return false;
        }
        var text = input.Trim().ToUpperInvariant();
        var baseTicker = text;
        var separator = text.IndexOfAny(PairSeparators);
        if (separator >= 0)
        {
            baseTicker = text[..separator].Trim();
            var quote = text[(separator + 1)..].Trim(PairSeparators);
            if (quote != Quote)
            {
                var example = _canonicalByForm.GetValueOrDefault(baseTicker) ?? SupportedSymbols[0];
                problem = $"\"{input.Trim()}\" is quoted in \"{quote}\"; prices are quoted in {Quote} (for example {example}/{Quote}). Supported symbols: {SupportedList}.";
                return false;
            }
        }
        else if (!_canonicalByForm.ContainsKey(text) && text.Length > Quote.Length && text.EndsWith(Quote, StringComparison.Ordinal)
                 && _canonicalByForm.ContainsKey(text[..^Quote.Length]))
        {
            baseTicker = text[..^Quote.Length]; // "BTCUSD"
        }

        if (_canonicalByForm.TryGetValue(baseTicker, out var found))
        {
            canonical = found;
            problem = "";
            return true;
        }
        problem = $"Unknown symbol \"{input.Trim()}\". Supported symbols: {SupportedList}.";
        return false;
    }

    private string SupportedList => string.Join(", ", SupportedSymbols);

    private void Add(string form, string canonical)
    {
        if (_canonicalByForm.TryGetValue(form, out var existing) && existing != canonical)
            throw new ArgumentException($"Symbol \"{form}\" is listed for both {existing} and {canonical}; an alias may belong to one symbol only.");
        _canonicalByForm[form] = canonical;
    }

    private static string RequireTicker(string? value, string what)
    {
        var ticker = value?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(ticker) || ticker.IndexOfAny(PairSeparators) >= 0 || ticker.Length > 20)
            throw new ArgumentException($"The {what} \"{value}\" is not a ticker (1-20 characters, no '/', '-', '_', ':' or spaces).");
        return ticker;
    }
}
