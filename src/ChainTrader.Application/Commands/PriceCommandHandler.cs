using System.Globalization;
using System.Text;
using ChainTrader.Core.Chat;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Oracles;
using ChainTrader.Core.Telegram;
using ChainTrader.Application.Oracles;

namespace ChainTrader.Application.Commands;

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

    /// <summary>A USD price as the chat shows prices (to the cent, small ones to 4 significant digits); the stored assessment keeps full precision.</summary>
    public static string Price(decimal value) => TelegramHtml.Escape(ChatNumbers.Price(value));

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
            text.Append($"{(dex.Failures.Count == 0 ? "✅" : "❌")} {TelegramHtml.Escape(dex.Source)} (execution check, {PriceText.Price(configuration.DexQuoteUsd)}): implied {implied}{deviation}\n");
        }
        await context.ReplyAsync(text.ToString().TrimEnd(), cancellationToken);
    }
}
