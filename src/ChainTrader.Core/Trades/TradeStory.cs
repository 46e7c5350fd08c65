using System.Globalization;
using ChainTrader.Core.Chat;
using ChainTrader.Core.Commands;

namespace ChainTrader.Core.Trades;

/// <summary>
/// The text of <c>/history &lt;id&gt;</c>: the trade's summary line, then one line per recorded event, in the chat's units
/// (<see cref="ChatNumbers"/>). Plain text; the Telegram layer escapes it. With a native symbol, gas also shows its native amount.
/// </summary>
public static class TradeStory
{
    public static string Render(Trade trade, IReadOnlyList<TradeHistoryEntry> history, string? nativeSymbol = null)
    {
        ArgumentNullException.ThrowIfNull(trade);
        ArgumentNullException.ThrowIfNull(history);
        var intent = trade.Intent;
        var lines = new List<string>
        {
            $"Trade {trade.Id}: {intent.Summary}" + (trade.Mode is { } mode ? $" [{mode.ToSettingValue()}]" : ""),
            $"State: {ChatVocabulary.State(trade.State, trade.Confirmations, trade.ConfirmationsRequired, trade.Settlement?.Kind)}" + (trade.Outcome is null ? "" : $" ({trade.Outcome})"),
        };
        if (trade.Settlement is { Kind: not FillKind.GasOnly } fill)
        {
            // The story is where a trader looks things up, so gas shows its native amount too.
            lines.Add($"Fill: {ChatNumbers.Amount(fill.BaseQuantity)} {fill.Symbol} for {ChatNumbers.Amount(fill.QuoteAmount)} {intent.Quote.Symbol}" +
                $" at {ChatNumbers.Price(fill.PriceUsd)}, gas {ChatNumbers.Gas(fill.GasUsd, fill.Kind == FillKind.Paper ? null : fill.GasNative, nativeSymbol)}");
        }
        foreach (var entry in history.OrderBy(h => h.Sequence))
        {
            var move = entry.From == entry.To ? entry.To.ToString() : $"{entry.From} → {entry.To}";
            lines.Add($"#{entry.Sequence} {entry.At.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} {move}: {entry.Note}");
        }
        return string.Join("\n", lines);
    }
}
