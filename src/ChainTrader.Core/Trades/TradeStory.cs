using System.Globalization;

namespace ChainTrader.Core.Trades;

/// <summary>The text of <c>/history &lt;id&gt;</c>: the trade's summary line, then one line per recorded event. Plain text; the Telegram layer escapes it.</summary>
public static class TradeStory
{
    public static string Render(Trade trade, IReadOnlyList<TradeHistoryEntry> history)
    {
        ArgumentNullException.ThrowIfNull(trade);
        ArgumentNullException.ThrowIfNull(history);
        var intent = trade.Intent;
        var lines = new List<string>
        {
            $"Trade {trade.Id}: {intent.Summary}" + (trade.Mode is { } mode ? $" [{mode}]" : ""),
            $"State: {StateText(trade)}" + (trade.Outcome is null ? "" : $" ({trade.Outcome})"),
        };
        if (trade.Settlement is { Kind: not FillKind.GasOnly } fill)
        {
            lines.Add($"Fill: {fill.BaseQuantity.ToString(CultureInfo.InvariantCulture)} {fill.Symbol} for {fill.QuoteAmount.ToString(CultureInfo.InvariantCulture)} {intent.Quote.Symbol}" +
                $", gas {fill.GasNative.ToString(CultureInfo.InvariantCulture)} (${fill.GasUsd.ToString("0.00", CultureInfo.InvariantCulture)})");
        }
        foreach (var entry in history.OrderBy(h => h.Sequence))
        {
            var move = entry.From == entry.To ? entry.To.ToString() : $"{entry.From} → {entry.To}";
            lines.Add($"#{entry.Sequence} {entry.At.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} {move}: {entry.Note}");
        }
        return string.Join("\n", lines);
    }

    private static string StateText(Trade trade) => trade.State switch
    {
        TradeState.Included => $"Included {trade.Confirmations}/{trade.ConfirmationsRequired}",
        TradeState.Final => "Confirmed-final",
        _ => trade.State.ToString(),
    };
}
