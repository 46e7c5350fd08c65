using System.Text;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Oracles;
using ChainTrader.Core.Telegram;
using ChainTrader.Application.Oracles;

namespace ChainTrader.Application.Commands;

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
