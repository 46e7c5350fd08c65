using System.Globalization;
using System.Text;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Trades;
using ChainTrader.Core.Telegram;

namespace ChainTrader.Functions.Trades;

/// <summary>
/// The one chat message of a trade: its quote (with Confirm/Cancel buttons while it can be confirmed), then the same
/// message edited at each state change with one status line ("Submitted", "Included 3/12", "Confirmed", "Failed: ...").
/// HTML parse mode; every interpolated value is escaped.
/// </summary>
public static class TradeMessages
{
    public const string ConfirmPrefix = "tc:";
    public const string CancelPrefix = "tx:";

    /// <summary>Callback data of a trade button: <c>tc:{tradeId}:{nonce}</c> (confirm) or <c>tx:…</c> (cancel), at most 64 bytes.</summary>
    public static string ButtonData(string tradeId, string nonce, bool confirm) => (confirm ? ConfirmPrefix : CancelPrefix) + tradeId + ":" + nonce;

    public static bool IsTradeButton(string? data) =>
        data is not null && (data.StartsWith(ConfirmPrefix, StringComparison.Ordinal) || data.StartsWith(CancelPrefix, StringComparison.Ordinal));

    /// <summary>
    /// Reads <c>tc:{trade id}:{nonce}</c> / <c>tx:…</c>. Button data comes from the client, so a trade id that is not of the
    /// shape the bot issues (it becomes a table key) fails here rather than in storage.
    /// </summary>
    public static bool TryParseButton(string? data, out string tradeId, out string nonce, out bool confirm)
    {
        tradeId = nonce = "";
        confirm = false;
        if (!IsTradeButton(data)) return false;
        confirm = data!.StartsWith(ConfirmPrefix, StringComparison.Ordinal);
        var parts = data[3..].Split(':');
        if (parts.Length != 2 || !CommandParser.IsTradeId(parts[0]) || parts[1].Length == 0) return false;
        (tradeId, nonce) = (parts[0], parts[1]);
        return true;
    }

    /// <summary>The one answer for a trade id that is not the asker's, whether or not it exists (/status, /history, /cancel).</summary>
    public static string NoTradeOfYours(string what) => $"No trade of yours matches <code>{TelegramHtml.Escape(what)}</code>.";

    public static IReadOnlyList<IReadOnlyList<InlineButton>> Buttons(string tradeId, string nonce) =>
        [[new InlineButton("✅ Confirm", ButtonData(tradeId, nonce, true)), new InlineButton("✖️ Cancel", ButtonData(tradeId, nonce, false))]];

    public static string Render(Trade trade, NotificationKind kind, string? detail, ExecutionMode? modeNow, TimeSpan quoteTtl, string? explorerTxUrl)
    {
        var text = new StringBuilder(Header(trade));
        if (trade.Quote is { } quote) text.Append('\n').Append(QuoteLines(trade, quote, modeNow ?? trade.Mode));
        text.Append("\n\n").Append(Status(trade, kind, detail, quoteTtl, explorerTxUrl));
        return text.ToString();
    }

    public static string Header(Trade trade)
    {
        var intent = trade.Intent;
        var what = intent.Side == TradeSide.Buy
            ? $"Buy {intent.Base.Symbol} with {Amount(intent.AmountIn)} {intent.Quote.Symbol}"
            : $"Sell {Amount(intent.AmountIn)} {intent.Base.Symbol} for {intent.Quote.Symbol}";
        return $"<b>{TelegramHtml.Escape(what)}</b> · trade <code>{TelegramHtml.Escape(trade.Id)}</code>";
    }

    private static string QuoteLines(Trade trade, TradeQuote quote, ExecutionMode? mode)
    {
        var outToken = trade.Intent.TokenOut;
        var expected = TokenUnits.ToHuman(quote.ExpectedOutRaw, outToken.Decimals);
        var min = TokenUnits.ToHuman(quote.MinOutRaw, outToken.Decimals);
        var lines = new StringBuilder();
        lines.Append($"Quote: ≈ {Amount(Round(expected))} {TelegramHtml.Escape(outToken.Symbol)}, at least {Amount(Round(min))}");
        lines.Append($"\nNotional {Usd(quote.NotionalUsd)} · price impact {Bps(quote.PriceImpactBps)} · fees ≈ {Usd(quote.VenueFeeUsd)} LP + {Usd(quote.GasCostUsd)} gas");
        if (quote.OraclePriceUsd > 0) lines.Append($"\nOracle {TelegramHtml.Escape(trade.Intent.Base.Symbol)}/USD {Usd(quote.OraclePriceUsd)}");
        if (mode is { } m) lines.Append($"\nMode: <b>{Mode(m)}</b>");
        return lines.ToString();
    }

    private static string Status(Trade trade, NotificationKind kind, string? detail, TimeSpan quoteTtl, string? explorerTxUrl)
    {
        var tx = trade.Receipt?.TxHash ?? trade.CurrentTransaction?.Hash;
        var link = tx is null ? "" : "\n" + TxLink(tx, explorerTxUrl);
        return kind switch
        {
            NotificationKind.QuotePrompt => $"Confirm within {(int)quoteTtl.TotalSeconds} s, or cancel.",
            NotificationKind.Rejected => "❌ <b>Rejected</b>\n" + Lines(detail ?? trade.Outcome),
            NotificationKind.Expired => "⌛ <b>Expired</b>: " + TelegramHtml.Escape(detail ?? "quote expired before confirmation"),
            NotificationKind.Cancelled => "✖️ <b>Cancelled</b>: " + TelegramHtml.Escape(detail ?? trade.Outcome),
            NotificationKind.Confirmed => $"✅ <b>Confirmed</b> ({Mode(trade.Mode)}); re-pricing and executing…",
            NotificationKind.Submitted => "📤 <b>Submitted</b>" + link,
            NotificationKind.Replaced => "⛽ <b>Submitted</b>, fees bumped (same nonce): " + TelegramHtml.Escape(detail) + link,
            NotificationKind.Included => $"⛓ <b>Included {TelegramHtml.Escape(detail)}</b>" + link,
            NotificationKind.Reorged => "↩️ <b>Submitted</b> again after a chain reorganisation: " + TelegramHtml.Escape(detail) + link,
            NotificationKind.Final => Final(trade) + link,
            NotificationKind.Simulated => "🧪 <b>Simulated</b> (dry run): signed and checked with eth_call, not broadcast." + link,
            NotificationKind.Failed => "❌ <b>Failed</b>: " + TelegramHtml.Escape(detail ?? trade.Outcome) + link,
            _ => TelegramHtml.Escape(kind.ToString()),
        };
    }

    private static string Final(Trade trade)
    {
        if (trade.Settlement is not { } fill) return "✅ <b>Confirmed</b>";
        var quoteSymbol = trade.Intent.Quote.Symbol;
        var what = $"{(fill.Side == TradeSide.Buy ? "bought" : "sold")} {Amount(Round(fill.BaseQuantity))} {fill.Symbol} for {Amount(Round(fill.QuoteAmount))} {quoteSymbol}";
        return fill.Kind == FillKind.Paper
            ? $"📝 <b>Paper fill</b>: {TelegramHtml.Escape(what)} at the quote; no transaction."
            : $"✅ <b>Confirmed</b> ({Math.Min(trade.Confirmations, trade.ConfirmationsRequired)}/{trade.ConfirmationsRequired}): {TelegramHtml.Escape(what)}, gas {Usd(fill.GasUsd)}";
    }

    public static string TxLink(string hash, string? explorerTxUrl) => explorerTxUrl is null
        ? $"<code>{TelegramHtml.Escape(hash)}</code>"
        : $"<a href=\"{TelegramHtml.Escape(explorerTxUrl + hash)}\">{TelegramHtml.Escape(hash[..10])}…</a>";

    /// <summary>The name of the book <paramref name="mode"/> trades in, as every ledger view states it.</summary>
    public static string Book(ExecutionMode mode) => mode == ExecutionMode.DryRun
        ? "LIVE book (DRY_RUN rehearses LIVE and never fills)"
        : $"{Mode(Ledger.BookOf(mode))} book";

    public static string Mode(ExecutionMode? mode) => mode switch
    {
        ExecutionMode.Live => "LIVE",
        ExecutionMode.Paper => "PAPER",
        ExecutionMode.DryRun => "DRY_RUN",
        _ => "?",
    };

    private static string Lines(string? text) =>
        string.Join("\n", (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "• " + TelegramHtml.Escape(l.Trim())));

    public static string Amount(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    public static string Usd(decimal value) => (value < 0 ? "-$" : "$") + Math.Abs(value).ToString("N2", CultureInfo.InvariantCulture);

    private static string Bps(int bps) => (bps / 100m).ToString("0.##", CultureInfo.InvariantCulture) + " %";

    /// <summary>Eight significant decimals are plenty for a chat line; the ledger keeps the exact amount.</summary>
    public static decimal Round(decimal value) => Math.Round(value, 8, MidpointRounding.ToZero);
}
