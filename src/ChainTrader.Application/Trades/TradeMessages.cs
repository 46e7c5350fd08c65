using System.Globalization;
using System.Text;
using ChainTrader.Core.Chat;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Trades;
using ChainTrader.Core.Telegram;

namespace ChainTrader.Application.Trades;

/// <summary>
/// The one chat message of a trade, its card: the quote (route, size, expected and minimum out, price impact, fees) with
/// Confirm/Cancel while it can be confirmed, then the same message edited at each state change with the progress
/// (Submitted → Included n/N → Filled) and, once filled, buttons to sell 25/50/100 % of the position and to refresh.
/// Numbers follow <see cref="ChatNumbers"/>, words <see cref="ChatVocabulary"/>. HTML parse mode; every interpolated value is escaped.
/// </summary>
public static class TradeMessages
{
    public const string ConfirmPrefix = "tc:";
    public const string CancelPrefix = "tx:";
    public const string SellPrefix = "sp:";
    public const string RefreshPrefix = "rf:";

    /// <summary>The shares of a position the sell buttons offer.</summary>
    public static readonly IReadOnlyList<int> SellPercents = [25, 50, 100];

    /// <summary>Callback data of a trade button: <c>tc:{tradeId}:{nonce}</c> (confirm) or <c>tx:…</c> (cancel), at most 64 bytes.</summary>
    public static string ButtonData(string tradeId, string nonce, bool confirm) => (confirm ? ConfirmPrefix : CancelPrefix) + tradeId + ":" + nonce;

    public static bool IsTradeButton(string? data) =>
        data is not null && (data.StartsWith(ConfirmPrefix, StringComparison.Ordinal) || data.StartsWith(CancelPrefix, StringComparison.Ordinal));

    /// <summary>A sell or refresh button of a filled trade's card or a /positions card.</summary>
    public static bool IsCardButton(string? data) =>
        data is not null && (data.StartsWith(SellPrefix, StringComparison.Ordinal) || data.StartsWith(RefreshPrefix, StringComparison.Ordinal));

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

    /// <summary><c>sp:{symbol}:{percent}</c>: sell that share of the position in the current mode's book (a new trade with its own quote).</summary>
    public static string SellButtonData(string symbol, int percent) => SellPrefix + symbol + ":" + percent.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>rf:{trade id}</c>: redraw the trade's card with the position as it is now.</summary>
    public static string RefreshButtonData(string tradeId) => RefreshPrefix + tradeId;

    /// <summary>Reads a sell button; the symbol is checked like a typed one (client data), the share must be one the bot offers.</summary>
    public static bool TryParseSell(string? data, out AssetRef asset, out int percent)
    {
        asset = null!;
        percent = 0;
        if (data is null || !data.StartsWith(SellPrefix, StringComparison.Ordinal)) return false;
        var parts = data[SellPrefix.Length..].Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out percent) || !SellPercents.Contains(percent))
            return false;
        try
        {
            asset = CommandParser.Asset(parts[0], "the token to sell");
            return asset is SymbolAsset;
        }
        catch (ArgumentSyntaxException)
        {
            return false;
        }
    }

    public static bool TryParseRefresh(string? data, out string tradeId)
    {
        tradeId = "";
        if (data is null || !data.StartsWith(RefreshPrefix, StringComparison.Ordinal)) return false;
        tradeId = data[RefreshPrefix.Length..];
        return CommandParser.IsTradeId(tradeId);
    }

    /// <summary>The one answer for a trade id that is not the asker's, whether or not it exists (/status, /history, /cancel).</summary>
    public static string NoTradeOfYours(string what) => $"No trade of yours matches <code>{TelegramHtml.Escape(what)}</code>.";

    public static IReadOnlyList<IReadOnlyList<InlineButton>> Buttons(string tradeId, string nonce) =>
        [[new InlineButton("✅ " + ChatVocabulary.ConfirmButton, ButtonData(tradeId, nonce, true)), new InlineButton("✖️ " + ChatVocabulary.CancelButton, ButtonData(tradeId, nonce, false))]];

    /// <summary>Sell 25 / 50 / 100 % of the position in <paramref name="symbol"/>, and, on a trade's card, Refresh.</summary>
    public static IReadOnlyList<IReadOnlyList<InlineButton>> PositionButtons(string symbol, string? refreshTradeId)
    {
        var sells = SellPercents.Select(p => new InlineButton($"Sell {p} %", SellButtonData(symbol, p))).ToArray();
        return refreshTradeId is null
            ? [sells]
            : [sells, [new InlineButton("🔄 " + ChatVocabulary.RefreshButton, RefreshButtonData(refreshTradeId))]];
    }

    /// <summary>
    /// The buttons a trade's card carries in its state: Confirm/Cancel on the quote; once filled, sell and refresh, plus a
    /// link to the transaction on the chain's explorer (when it has one); none otherwise.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<InlineButton>>? CardButtons(Trade trade, TradeNotificationKind kind, string buttonNonce, string? explorerTxUrl) => kind switch
    {
        TradeNotificationKind.QuotePrompt => Buttons(trade.Id, buttonNonce),
        TradeNotificationKind.Final when trade.Settlement is { Kind: FillKind.Chain } && explorerTxUrl is not null && trade.Receipt?.TxHash is { } hash =>
            [.. PositionButtons(trade.Intent.Base.Symbol, trade.Id), [InlineButton.Link("↗ " + ChatVocabulary.ViewTransactionButton, explorerTxUrl + hash)]],
        TradeNotificationKind.Final when trade.Settlement is { Kind: FillKind.Chain or FillKind.Paper } => PositionButtons(trade.Intent.Base.Symbol, trade.Id),
        _ => null,
    };

    /// <summary>The state's notification kind, for redrawing a card outside a state change (the Refresh button).</summary>
    public static TradeNotificationKind KindOf(Trade trade) => trade.State switch
    {
        TradeState.Requested or TradeState.RiskChecked or TradeState.AwaitingConfirmation => TradeNotificationKind.QuotePrompt,
        TradeState.Confirmed => TradeNotificationKind.Confirmed,
        TradeState.Submitted => TradeNotificationKind.Submitted,
        TradeState.Included => TradeNotificationKind.Included,
        TradeState.Final => TradeNotificationKind.Final,
        TradeState.Simulated => TradeNotificationKind.Simulated,
        TradeState.Rejected => TradeNotificationKind.Rejected,
        TradeState.Expired => TradeNotificationKind.Expired,
        TradeState.Cancelled => TradeNotificationKind.Cancelled,
        _ => TradeNotificationKind.Failed,
    };

    /// <param name="position">A line about the position now (the Refresh button), appended to a filled card.</param>
    public static string Render(Trade trade, TradeNotificationKind kind, string? detail, ExecutionMode? modeNow, TimeSpan quoteTtl, string? explorerTxUrl,
        string? position = null)
    {
        var text = new StringBuilder(Header(trade));
        if (trade.Quote is { } quote) text.Append('\n').Append(QuoteLines(trade, quote, modeNow ?? trade.Mode));
        text.Append("\n\n").Append(Status(trade, kind, detail, quoteTtl, explorerTxUrl));
        if (position is not null) text.Append('\n').Append(position);
        return text.ToString();
    }

    /// <summary>What the trader asked for, the amount in exactly (it is what leaves the wallet), and the trade id.</summary>
    public static string Header(Trade trade)
    {
        var intent = trade.Intent;
        var amount = ExactAmountHtml(intent.AmountIn);
        var what = intent.Side == TradeSide.Buy
            ? $"Buy {TelegramHtml.Escape(intent.Base.Symbol)} with {amount} {TelegramHtml.Escape(intent.Quote.Symbol)}"
            : $"Sell {amount} {TelegramHtml.Escape(intent.Base.Symbol)} for {TelegramHtml.Escape(intent.Quote.Symbol)}";
        return $"<b>{what}</b> · trade <code>{TelegramHtml.Escape(trade.Id)}</code>";
    }

    /// <summary>An amount that matters to the last digit: as is when 6 significant digits show all of it, else every digit in code font.</summary>
    public static string ExactAmountHtml(decimal value)
    {
        var exact = ChatNumbers.Exact(value);
        return ChatNumbers.Amount(value) == exact ? exact : $"<code>{exact}</code>";
    }

    private static string QuoteLines(Trade trade, TradeQuote quote, ExecutionMode? mode)
    {
        var intent = trade.Intent;
        var outToken = intent.TokenOut;
        var symbol = TelegramHtml.Escape(outToken.Symbol);
        var lines = new StringBuilder();
        lines.Append($"Route {TelegramHtml.Escape(intent.TokenIn.Symbol)} → {symbol} · size {ChatNumbers.Usd(quote.NotionalUsd)}");
        lines.Append($"\nOut ≈ {ChatNumbers.Amount(quote.ExpectedOutRaw, outToken.Decimals)} {symbol} · min {ChatNumbers.AtLeast(TokenUnits.ToHuman(quote.MinOutRaw, outToken.Decimals))} {symbol}");
        lines.Append($"\nImpact {ChatNumbers.Bps(quote.PriceImpactBps)} · fees {ChatNumbers.Usd(quote.VenueFeeUsd)} LP + {ChatNumbers.Gas(quote.GasCostUsd)} gas");
        var oracle = quote.OraclePriceUsd > 0 ? $"{TelegramHtml.Escape(intent.Base.Symbol)} {ChatNumbers.Price(quote.OraclePriceUsd)} (oracle) · " : "";
        if (mode is { } m) lines.Append($"\n{oracle}Mode: <b>{m.ToSettingValue()}</b>");
        else if (oracle.Length > 0) lines.Append('\n').Append(oracle[..^3]);
        return lines.ToString();
    }

    private static string Status(Trade trade, TradeNotificationKind kind, string? detail, TimeSpan quoteTtl, string? explorerTxUrl)
    {
        // DRY_RUN never sends, so its card shows no hash as if a transaction existed.
        var tx = trade.Mode == ExecutionMode.DryRun ? null : trade.Receipt?.TxHash ?? trade.CurrentTransaction?.Hash;
        var link = tx is null ? "" : "\n" + TxLink(tx, explorerTxUrl);
        return kind switch
        {
            TradeNotificationKind.QuotePrompt => $"Press {ChatVocabulary.ConfirmButton} within {(int)quoteTtl.TotalSeconds} s, or {ChatVocabulary.CancelButton}.",
            TradeNotificationKind.Rejected => "❌ <b>Rejected</b>\n" + Lines(detail ?? trade.Outcome),
            TradeNotificationKind.Expired => "⌛ <b>Expired</b>: " + TelegramHtml.Escape(detail ?? "quote expired before confirmation"),
            TradeNotificationKind.Cancelled => "✖️ <b>Cancelled</b>: " + TelegramHtml.Escape(detail ?? trade.Outcome),
            TradeNotificationKind.Confirmed => $"✅ <b>Confirmed</b> ({Mode(trade.Mode)}); re-pricing and executing…",
            TradeNotificationKind.Submitted => Progress(trade) + link,
            TradeNotificationKind.Replaced => Progress(trade) + "\n⛽ fees bumped (same nonce): " + TelegramHtml.Escape(detail) + link,
            TradeNotificationKind.Included => Progress(trade) + link,
            TradeNotificationKind.Reorged => Progress(trade) + "\n↩️ <b>Submitted</b> again after a chain reorganisation: " + TelegramHtml.Escape(detail) + link,
            TradeNotificationKind.Final => Final(trade) + link,
            TradeNotificationKind.Simulated => "🧪 <b>Simulated</b> (DRY_RUN): signed and checked with eth_call, never sent.",
            TradeNotificationKind.Failed => "❌ <b>Failed</b>: " + TelegramHtml.Escape(detail ?? trade.Outcome) + link,
            _ => TelegramHtml.Escape(kind.ToString()),
        };
    }

    /// <summary>Submitted → Included n/N → Filled: steps done ticked, the current one in bold.</summary>
    private static string Progress(Trade trade)
    {
        var (steps, current) = ChatVocabulary.Progress(trade.State, trade.Confirmations, trade.ConfirmationsRequired);
        return string.Join(" → ", steps.Select((step, i) => i < current ? "✓ " + step : i == current ? $"<b>{step}</b>" : step));
    }

    private static string Final(Trade trade)
    {
        if (trade.Settlement is not { } fill) return "✅ <b>Final</b>";
        var quoteSymbol = trade.Intent.Quote.Symbol;
        var what = $"{(fill.Side == TradeSide.Buy ? "bought" : "sold")} {ChatNumbers.Amount(fill.BaseQuantity)} {fill.Symbol} for {ChatNumbers.Amount(fill.QuoteAmount)} {quoteSymbol}" +
                   $" at {ChatNumbers.Price(fill.PriceUsd)}";
        if (fill.Kind == FillKind.Paper)
            return $"📝 <b>Filled</b> (PAPER): {TelegramHtml.Escape(what)} at the quote; no transaction.";
        var depth = $"{Math.Min(trade.Confirmations, trade.ConfirmationsRequired)}/{trade.ConfirmationsRequired}";
        return $"✅ <b>Filled</b>: {TelegramHtml.Escape(what)} · gas {ChatNumbers.Gas(fill.GasUsd)}\n✓ Submitted → ✓ Included → <b>Final</b> ({depth})";
    }

    public static string TxLink(string hash, string? explorerTxUrl) => explorerTxUrl is null
        ? $"tx <code>{TelegramHtml.Escape(hash)}</code>"
        : $"<a href=\"{TelegramHtml.Escape(explorerTxUrl + hash)}\">{ChatVocabulary.ViewTransactionButton} {TelegramHtml.Escape(hash[..10])}… ↗</a>";

    /// <summary>A /positions card: what is held, what it is worth, the PnL, as of <paramref name="asOf"/>; the sell buttons go with it.</summary>
    public static string PositionCard(PositionValuation position, ExecutionMode mode, DateTimeOffset asOf) =>
        $"<b>{TelegramHtml.Escape(position.Symbol)}</b> position · {Book(mode)}\n" + PositionLines(position, asOf);

    /// <summary>The position part of a card: quantity and value, entry and price, unrealised PnL in USD and percent.</summary>
    public static string PositionLines(PositionValuation position, DateTimeOffset asOf)
    {
        var cost = position.AverageEntryUsd * position.Quantity;
        var pnlPercent = cost == 0 ? 0m : position.UnrealisedPnlUsd / cost * 100m;
        var symbol = TelegramHtml.Escape(position.Symbol);
        return $"Holding {ChatNumbers.Amount(position.Quantity)} {symbol} · value {ChatNumbers.Usd(position.ValueUsd)}\n" +
               $"Avg entry {ChatNumbers.Price(position.AverageEntryUsd)} · now {ChatNumbers.Price(position.PriceUsd)}\n" +
               $"PnL {ChatNumbers.SignedUsd(position.UnrealisedPnlUsd)} ({ChatNumbers.SignedPercent(pnlPercent)}) · as of {asOf.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC";
    }

    /// <summary>The name of the book <paramref name="mode"/> trades in, as every ledger view states it.</summary>
    public static string Book(ExecutionMode mode) => mode == ExecutionMode.DryRun
        ? "LIVE book (DRY_RUN rehearses LIVE and never fills)"
        : $"{Ledger.BookOf(mode).ToSettingValue()} book";

    public static string Mode(ExecutionMode? mode) => mode?.ToSettingValue() ?? "?";

    private static string Lines(string? text) =>
        string.Join("\n", (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "• " + TelegramHtml.Escape(l.Trim())));
}
