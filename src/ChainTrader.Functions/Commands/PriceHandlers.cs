using System.Globalization;
using System.Numerics;
using System.Text;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Oracles;
using ChainTrader.Core.Telegram;
using ChainTrader.Core.Trades;
using ChainTrader.Functions.Chains;
using ChainTrader.Functions.Oracles;

namespace ChainTrader.Functions.Commands;

/// <summary>Text shared by the price commands: symbols from trader input, prices, ages and verdicts.</summary>
internal static class PriceText
{
    /// <summary>The canonical symbol of a /price or /quote argument (a ticker or a token address on an enabled chain).</summary>
    public static string Symbol(OracleConfiguration configuration, AssetRef asset) => asset switch
    {
        SymbolAsset symbol => configuration.Canonical(symbol.Symbol),
        AddressAsset address => configuration.Chains.SelectMany(c => c.Tokens).FirstOrDefault(t => t.Value.Address == address.Address).Key
                                ?? throw new UnsupportedSymbolException(
                                    $"Token {address.Address} is not a token this deployment knows. Supported symbols: {string.Join(", ", configuration.Symbols)}."),
        _ => throw new ArgumentOutOfRangeException(nameof(asset), asset, "Unknown asset reference."),
    };

    /// <summary>For people: six decimal places are plenty (the stored assessment keeps full precision).</summary>
    public static string Price(decimal value) => TelegramHtml.Escape(OracleRules.Format(Math.Round(value, 6, MidpointRounding.ToEven)));

    public static string Age(TimeSpan age) => age < TimeSpan.Zero
        ? $"{(long)Math.Ceiling(-age.TotalSeconds)} s in the future"
        : age.TotalSeconds < 120 ? $"{(long)age.TotalSeconds} s" : age.TotalMinutes < 120 ? $"{(long)age.TotalMinutes} min" : $"{(long)age.TotalHours} h";

    public static string Bps(decimal bps) => bps.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>The verdict line and, when not usable, every reason and the stale last good price.</summary>
    public static void AppendVerdict(StringBuilder text, PriceAssessment assessment, DateTimeOffset now)
    {
        var pair = TelegramHtml.Escape($"{assessment.Symbol}/USD");
        if (assessment.IsUsable)
        {
            text.Append($"<b>{pair}</b> {Price(assessment.Price!.Value)} ✅ usable (evaluated {Age(now - assessment.EvaluatedAt)} ago)\n");
            return;
        }
        text.Append($"<b>{pair}</b> ❌ not usable: no trade uses it\n");
        foreach (var failure in assessment.Failures)
            text.Append($"• {TelegramHtml.Escape(failure.Message)}\n");
        text.Append(assessment.LastGood is { } good
            ? $"Last good price: {Price(good.Price)} <b>STALE</b> ({Age(now - good.At)} old, from {TelegramHtml.Escape(string.Join(", ", good.Sources))})\n"
            : "No good price seen yet.\n");
    }
}

/// <summary>/price SYMBOL: the latest assessment with every source, its age and the verdict; a stale last good price is marked.</summary>
public sealed class PriceCommandHandler(IPriceOracle oracle, OracleConfiguration configuration, TimeProvider clock) : ICommandHandler
{
    public IReadOnlyCollection<string> Commands { get; } = ["price"];

    public async Task HandleAsync(CommandContext context, ChatCommand command, CancellationToken cancellationToken)
    {
        var asset = ((PriceCommand)command).Asset;
        string symbol;
        try
        {
            symbol = PriceText.Symbol(configuration, asset);
        }
        catch (UnsupportedSymbolException ex)
        {
            await context.ReplyAsync(TelegramHtml.Escape(ex.Message), cancellationToken);
            return;
        }
        var assessment = await oracle.CurrentAsync(symbol, cancellationToken);
        var now = clock.GetUtcNow();
        var text = new StringBuilder();
        PriceText.AppendVerdict(text, assessment, now);
        if (assessment.Sources.Count > 0)
            text.Append("Sources:\n");
        foreach (var source in assessment.Sources)
        {
            var value = source.Price is { } p ? PriceText.Price(p) : "no value";
            var age = source.Age is { } a && source.PublishedAt is { } at ? $", age {PriceText.Age(now - at)}" : "";
            text.Append($"{(source.Passed ? "✅" : "❌")} {TelegramHtml.Escape(source.Source)}: {value}{age}, {TelegramHtml.Escape(source.Detail)}\n");
        }
        if (assessment.Dex is { } dex)
        {
            var implied = dex.ImpliedPrice is { } ip ? PriceText.Price(ip) : "no value";
            var deviation = dex.DeviationBps is { } d ? $", {PriceText.Bps(d)} bps from the oracle" : "";
            text.Append($"{(dex.Failures.Count == 0 ? "✅" : "❌")} {TelegramHtml.Escape(dex.Source)} (execution check, {PriceText.Price(configuration.DexQuoteUsd)} USD): implied {implied}{deviation}\n");
        }
        await context.ReplyAsync(text.ToString().TrimEnd(), cancellationToken);
    }
}

/// <summary>
/// /quote AMOUNT FROM TO: the DEX's exact-input quote (amounts in token units), its price impact and fees, and how far the
/// execution rate is from the oracle prices of both tokens. Nothing is traded.
/// </summary>
public sealed class QuoteCommandHandler(IPriceOracle oracle, OracleConfiguration configuration, ChainRpcPools pools) : ICommandHandler
{
    public IReadOnlyCollection<string> Commands { get; } = ["quote"];

    public async Task HandleAsync(CommandContext context, ChatCommand command, CancellationToken cancellationToken)
    {
        var quote = (QuoteCommand)command;
        var chain = configuration.Chains.FirstOrDefault(c => configuration.DexRoutes.Values.Any(r => r.Chain == c.Chain.Name))
                    ?? configuration.Chains.FirstOrDefault(c => c.Chain.DexRouter is not null && c.Tokens.Count > 0);
        if (chain is null)
        {
            await context.ReplyAsync("Quotes are not available: no enabled chain has a DEX router with known tokens.", cancellationToken);
            return;
        }

        string fromSymbol, toSymbol;
        try
        {
            fromSymbol = PriceText.Symbol(configuration, quote.From);
            toSymbol = PriceText.Symbol(configuration, quote.To);
        }
        catch (UnsupportedSymbolException ex)
        {
            await context.ReplyAsync(TelegramHtml.Escape(ex.Message), cancellationToken);
            return;
        }
        var problem = fromSymbol == toSymbol ? $"FROM and TO are both {fromSymbol}; a quote needs two different tokens."
            : !chain.Tokens.ContainsKey(fromSymbol) ? $"{fromSymbol} has no token on {chain.Chain.Name}."
            : !chain.Tokens.ContainsKey(toSymbol) ? $"{toSymbol} has no token on {chain.Chain.Name}."
            : null;
        var from = chain.Tokens.GetValueOrDefault(fromSymbol);
        var to = chain.Tokens.GetValueOrDefault(toSymbol);
        BigInteger amountIn = default;
        if (problem is null && !TokenUnits.TryToRaw(quote.Amount, from!.Decimals, out amountIn))
            problem = $"{from.Ticker} has {from.Decimals} decimals; {quote.Amount.ToString(CultureInfo.InvariantCulture)} has more.";
        if (problem is null && amountIn.Sign <= 0)
            problem = "The amount must be above 0.";
        if (problem is not null)
        {
            await context.ReplyAsync(TelegramHtml.Escape(problem), cancellationToken);
            return;
        }

        var router = new UniswapV2Router(pools.For(chain.Chain.Name), Address.Parse(chain.Chain.DexRouter!));
        var stable = chain.Tokens.GetValueOrDefault(OracleConfiguration.Stablecoin);
        var paths = new List<IReadOnlyList<ChainToken>> { new[] { from!, to! } };
        if (stable is not null && stable != from && stable != to)
            paths.Add([from!, stable, to!]);
        SwapQuote? swap = null;
        IReadOnlyList<ChainToken>? used = null;
        var errors = new List<string>();
        foreach (var path in paths)
        {
            try
            {
                swap = await router.QuoteExactInAsync(amountIn, path.Select(t => t.Address).ToList(), cancellationToken: cancellationToken);
                used = path;
                break;
            }
            catch (Exception ex) when (ex is InvalidOperationException or ContractRevertException or ChainTrader.Adapters.Rpc.RpcException)
            {
                errors.Add($"{string.Join("→", path.Select(t => t.Ticker))}: {ex.Message}");
            }
            catch (ChainTrader.Adapters.Rpc.RpcPoolUnavailableException ex)
            {
                errors.Add($"{chain.Chain.Name} RPC unavailable: {ex.Message}");
                break;
            }
        }
        if (swap is null)
        {
            await context.ReplyAsync(TelegramHtml.Escape($"No quote for {from!.Ticker} → {to!.Ticker}: {string.Join("; ", errors)}"), cancellationToken);
            return;
        }

        var amountOut = TokenUnits.ToHuman(swap.AmountOut, to!.Decimals);
        var text = new StringBuilder($"<b>Quote</b> on {TelegramHtml.Escape(chain.Chain.Name)} via {TelegramHtml.Escape(string.Join(" → ", used!.Select(t => t.Ticker)))}\n");
        text.Append($"{TelegramHtml.Escape(OracleRules.Format(quote.Amount))} {TelegramHtml.Escape(from!.Ticker)} → {TelegramHtml.Escape(OracleRules.Format(amountOut))} {TelegramHtml.Escape(to.Ticker)}\n");
        text.Append($"Rate: 1 {TelegramHtml.Escape(from.Ticker)} = {TelegramHtml.Escape(OracleRules.Format(decimal.Round(amountOut / quote.Amount, 8)))} {TelegramHtml.Escape(to.Ticker)}\n");
        text.Append($"Price impact: {PriceText.Bps(swap.PriceImpactBps)} bps; with LP fees: {PriceText.Bps(swap.TotalCostBps)} bps\n");

        var fromPrice = await oracle.CurrentAsync(fromSymbol, cancellationToken);
        var toPrice = await oracle.CurrentAsync(toSymbol, cancellationToken);
        if (fromPrice.IsUsable && toPrice.IsUsable)
        {
            var fair = quote.Amount * fromPrice.Price!.Value / toPrice.Price!.Value;
            var againstOracle = (fair - amountOut) / fair * 10_000m;
            text.Append($"Against the oracle ({fromSymbol} {PriceText.Price(fromPrice.Price.Value)}, {toSymbol} {PriceText.Price(toPrice.Price.Value)} USD): " +
                        $"fair {TelegramHtml.Escape(OracleRules.Format(decimal.Round(fair, to.Decimals)))} {TelegramHtml.Escape(to.Ticker)}, " +
                        $"this quote gives {PriceText.Bps(againstOracle)} bps {(againstOracle >= 0 ? "less" : "more")}");
        }
        else
        {
            var unusable = new[] { fromPrice, toPrice }.Where(a => !a.IsUsable).ToList();
            text.Append("Against the oracle: not checked; " + TelegramHtml.Escape(string.Join("; ", unusable.Select(a =>
                $"{a.Symbol}/USD not usable ({string.Join("; ", a.Failures.Select(f => f.Message))})"))));
        }
        await context.ReplyAsync(text.ToString(), cancellationToken);
    }
}

/// <summary>
/// /price_feeds (admins): every source of every symbol from the latest poll: value, age now, heartbeat, deviation from
/// the aggregated price, verdict, and the (redacted) endpoint it was read from.
/// </summary>
public sealed class PriceFeedsCommandHandler(OracleSnapshotStore store, IPriceOracle oracle, OracleConfiguration configuration, TimeProvider clock) : ICommandHandler
{
    public IReadOnlyCollection<string> Commands { get; } = ["price_feeds"];

    public async Task HandleAsync(CommandContext context, ChatCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var heartbeats = configuration.AllFeeds.ToDictionary(f => f.Source, f => f.Heartbeat, StringComparer.Ordinal);
        var text = new StringBuilder("<b>Price feeds</b>");
        text.Append($" (max age {(long)configuration.Rules.MaxAge.TotalSeconds} s, max deviation {PriceText.Bps(configuration.Rules.MaxDeviationBps)} bps, " +
                    $"Pyth {(configuration.PythEnabled ? TelegramHtml.Escape(configuration.PythEndpoint) : "off")})\n");
        if (configuration.Symbols.Count == 0)
            text.Append("\nNo symbols are configured.");
        foreach (var symbol in configuration.Symbols)
        {
            text.Append('\n');
            var latest = await store.GetLatestAsync(symbol, cancellationToken);
            var current = await oracle.CurrentAsync(symbol, cancellationToken);
            PriceText.AppendVerdict(text, current, now);
            if (latest is null)
                continue;
            var reference = latest.Assessment.Price ?? latest.Assessment.LastGood?.Price;
            foreach (var source in latest.Assessment.Sources)
            {
                var line = new StringBuilder($"{(source.Passed ? "✅" : "❌")} {TelegramHtml.Escape(source.Source)}: ");
                line.Append(source.Price is { } p ? PriceText.Price(p) : "no value");
                if (source.PublishedAt is { } at) line.Append($", age {PriceText.Age(now - at)}");
                if (heartbeats.TryGetValue(source.Source, out var heartbeat)) line.Append($", heartbeat {PriceText.Age(heartbeat)}");
                if (source.Price is { } price && reference is { } r && price > 0 && r > 0)
                    line.Append($", deviation {PriceText.Bps(OracleRules.DeviationBps(price, r))} bps");
                line.Append($", {TelegramHtml.Escape(source.Detail)}");
                if (latest.Provenance.FirstOrDefault(x => x.Source == source.Source) is { } provenance)
                    line.Append($", via {TelegramHtml.Escape(provenance.Endpoint)}");
                text.Append(line).Append('\n');
            }
            if (latest.Assessment.Dex is { } dex)
            {
                text.Append($"{(dex.Failures.Count == 0 ? "✅" : "❌")} {TelegramHtml.Escape(dex.Source)}: implied {(dex.ImpliedPrice is { } ip ? PriceText.Price(ip) : "no value")}");
                if (dex.DeviationBps is { } d) text.Append($", deviation {PriceText.Bps(d)} bps");
                if (latest.Provenance.FirstOrDefault(x => x.Source == dex.Source) is { } provenance)
                    text.Append($", via {TelegramHtml.Escape(provenance.Endpoint)}");
                text.Append('\n');
            }
        }
        await context.ReplyAsync(text.ToString().TrimEnd(), cancellationToken);
    }
}
