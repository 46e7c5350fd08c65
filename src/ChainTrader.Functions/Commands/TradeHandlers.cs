using System.Globalization;
using System.Numerics;
using System.Text;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Chat;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Risk;
using ChainTrader.Core.Telegram;
using ChainTrader.Core.Trades;
using ChainTrader.Functions.Gates;
using ChainTrader.Functions.Trades;
using ChainTrader.Functions.Functions.TelegramWebhook;
using Microsoft.Extensions.Options;
using AnswerCallbackQueryRequest = Telegram.Bot.Requests.AnswerCallbackQueryRequest;
using CallbackQuery = Telegram.Bot.Types.CallbackQuery;

namespace ChainTrader.Functions.Commands;

/// <summary>
/// /buy, /sell and /swap open a trade (its id derived from the update, so a redelivered update opens nothing new); the
/// trade then speaks for itself in one chat message (quote with Confirm/Cancel, edited at every state change). /cancel
/// cancels a trade that is not yet submitted.
/// </summary>
public sealed class TradeCommandsHandler(TradeDesk desk, TradeStore store, TradingTokens tokens, IRuntimeGates gates, LedgerStore ledger) : ICommandHandler
{
    public IReadOnlyCollection<string> Commands { get; } = ["buy", "sell", "swap", "cancel"];

    public static string TradeIdOf(long updateId) => "t" + updateId.ToString(CultureInfo.InvariantCulture);

    public async Task HandleAsync(CommandContext context, ChatCommand command, CancellationToken cancellationToken)
    {
        try
        {
            if (command is CancelCommand cancel)
            {
                await CancelAsync(context, cancel.TradeId, cancellationToken);
                return;
            }
            var intent = await IntentAsync(context, command, cancellationToken);
            await desk.OpenAsync(TradeIdOf(context.UpdateId), intent, context.Cause, cancellationToken);
        }
        catch (TradeRequestException ex)
        {
            await context.ReplyAsync(TelegramHtml.Escape(ex.Message), cancellationToken);
        }
    }

    /// <summary>
    /// A sell button (a filled trade's card, a /positions card): opens a sale of <paramref name="percent"/> % of the position
    /// in the current mode's book, with its own quote to confirm, as <c>/sell</c> would. Returns what the toast says.
    /// </summary>
    public async Task<string> SellShareAsync(CommandContext context, AssetRef asset, int percent, CancellationToken cancellationToken)
    {
        try
        {
            var token = tokens.Resolve(asset);
            if (token == tokens.Quote) throw new TradeRequestException($"{token.TokenSymbol} is what a sale is paid in; there is nothing to sell.");
            var (all, book) = await AllOfAsync(token, cancellationToken);
            // A share rounds down to what the token can hold, so the sale never exceeds the position.
            var amount = percent == 100 ? all : Math.Round(all * percent / 100m, Math.Min(token.Leg.Decimals, 28), MidpointRounding.ToZero);
            if (amount <= 0) throw new TradeRequestException($"{percent} % of the {token.Symbol} position rounds to nothing; sell all of it instead.");
            var intent = new TradeIntent(context.UserId, context.ChatId, TradeSide.Sell, token.Leg, tokens.Quote.Leg, amount, percent == 100 ? book : null);
            await desk.OpenAsync(TradeIdOf(context.UpdateId), intent, context.Cause, cancellationToken);
            return $"Quoting the sale of {percent} % of your {token.Symbol} ({ChatNumbers.Amount(amount)}); {ChatVocabulary.ConfirmButton} it below.";
        }
        catch (TradeRequestException ex)
        {
            return ex.Message;
        }
    }

    private async Task<TradeIntent> IntentAsync(CommandContext context, ChatCommand command, CancellationToken cancellationToken)
    {
        var quote = tokens.Quote;
        var intent = command switch
        {
            BuyCommand buy => BuyIntent(context, buy, quote),
            SellCommand sell => await SellIntentAsync(context, sell, quote, cancellationToken),
            SwapCommand swap => SwapIntent(context, tokens.Resolve(swap.From), tokens.Resolve(swap.To), swap.Amount, quote),
            _ => throw new ArgumentException($"{nameof(TradeCommandsHandler)} does not handle /{command.Name}.", nameof(command)),
        };
        // An amount finer than the paying token's decimals could not be spent exactly: say so before anything opens.
        if (!TokenUnits.TryToRaw(intent.AmountIn, intent.TokenIn.Decimals, out _))
            throw new TradeRequestException($"{ChatNumbers.Exact(intent.AmountIn)} {SymbolOf(intent.TokenIn)} cannot be spent exactly: " +
                                            $"{SymbolOf(intent.TokenIn)} has {intent.TokenIn.Decimals} decimals.");
        return intent;
    }

    /// <summary>/buy AMOUNT SYMBOL [with TOKEN]: spending the quote token is a buy; paying with another token is a swap TOKEN→SYMBOL.</summary>
    private TradeIntent BuyIntent(CommandContext context, BuyCommand buy, TradingToken quote)
    {
        var token = tokens.Resolve(buy.Asset);
        var pay = buy.PayWith is null ? quote : tokens.Resolve(buy.PayWith);
        if (token == pay && buy.PayWith is null)
            throw new TradeRequestException($"{quote.TokenSymbol} is what /buy pays with; name the token to buy (or pay with another: /buy AMOUNT {quote.TokenSymbol} with TOKEN).");
        return SwapIntent(context, pay, token, buy.Amount, quote);
    }

    private async Task<TradeIntent> SellIntentAsync(CommandContext context, SellCommand sell, TradingToken quote, CancellationToken cancellationToken)
    {
        var token = tokens.Resolve(sell.Asset);
        if (token == quote) throw new TradeRequestException($"{quote.TokenSymbol} is what /sell is paid in; name the token to sell.");
        if (sell.Amount is { } amount) return new TradeIntent(context.UserId, context.ChatId, TradeSide.Sell, token.Leg, quote.Leg, amount);
        var (all, book) = await AllOfAsync(token, cancellationToken);
        return new TradeIntent(context.UserId, context.ChatId, TradeSide.Sell, token.Leg, quote.Leg, all, book);
    }

    /// <summary>Spend <paramref name="amount"/> of <paramref name="from"/> on <paramref name="to"/>.</summary>
    private static TradeIntent SwapIntent(CommandContext context, TradingToken from, TradingToken to, decimal amount, TradingToken quote)
    {
        if (from == to) throw new TradeRequestException($"{from.TokenSymbol} cannot be swapped for itself; name two different tokens.");
        // Spending the quote token is a buy of the other token; anything else sells FROM for TO.
        return from == quote
            ? new TradeIntent(context.UserId, context.ChatId, TradeSide.Buy, to.Leg, from.Leg, amount)
            : new TradeIntent(context.UserId, context.ChatId, TradeSide.Sell, from.Leg, to.Leg, amount);
    }

    private string SymbolOf(TokenLeg leg) => tokens.Find(leg.Address)?.TokenSymbol ?? leg.Symbol;

    /// <summary>
    /// "all": the desk's position in the token in the book the current mode trades in, and that book. Wallet funds the desk
    /// did not buy (or bought in another mode) are never part of it.
    /// </summary>
    private async Task<(decimal Amount, ExecutionMode Book)> AllOfAsync(TradingToken token, CancellationToken cancellationToken)
    {
        var book = Ledger.BookOf((await gates.CurrentAsync(cancellationToken)).Mode);
        var (state, _) = await ledger.ReadAsync(book, cancellationToken);
        var held = Ledger.Held(state, token.Symbol);
        return held > 0
            ? (held, book)
            : throw new TradeRequestException($"There is no {token.Symbol} position in the {book.ToSettingValue()} book to sell. " +
                                              "/sell all sells only what the desk bought in the current execution mode; /positions shows the book.");
    }

    private async Task CancelAsync(CommandContext context, string tradeId, CancellationToken cancellationToken)
    {
        // Someone else's trade and no trade read alike, so trade ids (derived from update ids) reveal nothing.
        if (await store.GetAsync(tradeId, cancellationToken) is not { } stored || stored.Trade.Intent.UserId != context.UserId)
        {
            await context.ReplyAsync(TradeMessages.NoTradeOfYours(tradeId), cancellationToken);
            return;
        }
        var step = await desk.SubmitAsync(tradeId, new CancelRequested(context.UserId), cancellationToken);
        await context.ReplyAsync(step.Applied
            ? $"Trade <code>{TelegramHtml.Escape(tradeId)}</code> cancelled."
            : $"Trade <code>{TelegramHtml.Escape(tradeId)}</code> was not cancelled: {TelegramHtml.Escape(step.Rejection)}.", cancellationToken);
    }
}

/// <summary>/status, /positions, /balance, /pnl, /history and (admins) /risk_summary: read-only views of trades, the ledger and the wallet.</summary>
public sealed class TradeQueriesHandler(
    TradeStore store,
    LedgerStore ledger,
    TradeEffectExecutor executor,
    TradeChain chain,
    TradingTokens tokens,
    IRuntimeGates gates,
    IOptions<RiskLimits> limits,
    Notifications.INotifier notifier,
    TimeProvider clock) : ICommandHandler
{
    public IReadOnlyCollection<string> Commands { get; } = ["status", "positions", "balance", "pnl", "history", "risk_summary"];

    public async Task HandleAsync(CommandContext context, ChatCommand command, CancellationToken cancellationToken)
    {
        // /positions answers in several messages (a summary, then a card per position).
        if (command is PositionsCommand)
        {
            await PositionsAsync(context, cancellationToken);
            return;
        }
        var text = command switch
        {
            StatusCommand status => await StatusAsync(context, status.Lookup, cancellationToken),
            BalanceCommand balance => await BalanceAsync(balance.Asset, cancellationToken),
            PnlCommand pnl => await PnlAsync(pnl.Period, cancellationToken),
            HistoryCommand history => await HistoryAsync(context, history, cancellationToken),
            RiskSummaryCommand => await RiskSummaryAsync(cancellationToken),
            _ => throw new ArgumentException($"{nameof(TradeQueriesHandler)} does not handle /{command.Name}.", nameof(command)),
        };
        await context.ReplyAsync(text, cancellationToken);
    }

    private async Task<string> StatusAsync(CommandContext context, TradeLookup lookup, CancellationToken cancellationToken)
    {
        if (lookup.TradeId is not null || lookup.TransactionHash is not null) return await StoryAsync(context, lookup, cancellationToken);
        var open = (await store.UserTradesAsync(context.UserId, 50, cancellationToken)).Where(t => !t.Trade.IsTerminal).ToList();
        if (open.Count == 0) return "You have no open trades. /history lists your recent ones.";
        return "<b>Open trades</b>\n" + string.Join("\n", open.Select(t => Line(t.Trade))) + StoryHint;
    }

    private const string StoryHint = "\n\n/history TRADE_ID (or /status TRADE_ID) shows one trade's full story.";

    /// <summary>One trade's full story from its events: /status ID and /history ID (by id, or by one of its transaction hashes).</summary>
    private async Task<string> StoryAsync(CommandContext context, TradeLookup lookup, CancellationToken cancellationToken)
    {
        StoredTrade? found;
        if (lookup.TradeId is { } id)
        {
            found = await store.GetAsync(id, cancellationToken);
        }
        else
        {
            var hash = lookup.TransactionHash!;
            found = (await store.UserTradesAsync(context.UserId, 50, cancellationToken))
                .FirstOrDefault(t => t.Trade.Transactions.Any(a => string.Equals(a.Hash, hash, StringComparison.OrdinalIgnoreCase)));
        }
        var what = lookup.TradeId ?? lookup.TransactionHash!;
        if (found is null || (found.Trade.Intent.UserId != context.UserId && context.Role < UserRole.Admin))
            return TradeMessages.NoTradeOfYours(what);
        var history = await store.HistoryAsync(found.Trade.Id, cancellationToken);
        return $"<pre>{TelegramHtml.Escape(TradeStory.Render(found.Trade, history, chain.Chain.NativeSymbol))}</pre>";
    }

    private async Task<string> HistoryAsync(CommandContext context, HistoryCommand command, CancellationToken cancellationToken)
    {
        if (command.Trade is { } one) return await StoryAsync(context, one, cancellationToken);
        var trades = await store.UserTradesAsync(context.UserId, command.Count, cancellationToken);
        if (trades.Count == 0) return "You have no trades yet.";
        return $"<b>{ChatVocabulary.LastTrades(trades.Count)}</b>\n" + string.Join("\n", trades.Select(t => Line(t.Trade))) + StoryHint;
    }

    private static string Line(Trade trade)
    {
        var state = ChatVocabulary.State(trade.State, trade.Confirmations, trade.ConfirmationsRequired, trade.Settlement?.Kind);
        var side = trade.Intent.Side == TradeSide.Buy
            ? $"Buy {trade.Intent.Base.Symbol} with {ChatNumbers.Amount(trade.Intent.AmountIn)} {trade.Intent.Quote.Symbol}"
            : $"Sell {ChatNumbers.Amount(trade.Intent.AmountIn)} {trade.Intent.Base.Symbol} for {trade.Intent.Quote.Symbol}";
        var mode = trade.Mode is null ? "" : $" [{TradeMessages.Mode(trade.Mode)}]";
        return $"<code>{TelegramHtml.Escape(trade.Id)}</code> {trade.OpenedAt.UtcDateTime:MM-dd HH:mm} · {TelegramHtml.Escape(side)}{mode} · {TelegramHtml.Escape(state)}";
    }

    /// <summary>The execution mode now: the views show the book it trades in.</summary>
    private async Task<ExecutionMode> ModeAsync(CancellationToken cancellationToken) => (await gates.CurrentAsync(cancellationToken)).Mode;

    /// <summary>
    /// The reply sums the book up; each position then gets its own card with its PnL and sell buttons (further messages,
    /// queued after the reply so they follow it, keyed from the update so a re-run sends none of them twice).
    /// </summary>
    private async Task PositionsAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var mode = await ModeAsync(cancellationToken);
        var (book, _) = await ledger.ReadAsync(mode, cancellationToken);
        if (book.Positions.Count == 0)
        {
            await context.ReplyAsync($"No open positions in the {TradeMessages.Book(mode)}. Cash {ChatNumbers.Usd(book.CashUsd)}.", cancellationToken);
            return;
        }
        var (prices, problems) = await executor.PricesOfAsync(book.Positions.Select(p => p.Symbol), cancellationToken);
        var valued = Ledger.Value(book, prices);
        var now = clock.GetUtcNow();
        var text = new StringBuilder($"<b>Positions</b> · {TradeMessages.Book(mode)} (at oracle prices)\n");
        text.Append($"{valued.Count} open, worth {ChatNumbers.Usd(valued.Sum(v => v.ValueUsd))}, unrealised PnL {ChatNumbers.SignedUsd(valued.Sum(v => v.UnrealisedPnlUsd))} · cash {ChatNumbers.Usd(book.CashUsd)}");
        if (problems.Count > 0) text.Append("\n⚠️ Stale prices (last good shown): ").Append(TelegramHtml.Escape(string.Join("; ", problems)));
        await context.ReplyAsync(text.ToString(), cancellationToken);
        foreach (var v in valued)
            await notifier.EnqueueAsync(new OutboundMessage(context.ChatId, $"{context.ReplyKey}:position:{v.Symbol}", TradeMessages.PositionCard(v, mode, now),
                TradeMessages.PositionButtons(v.Symbol, null)), cancellationToken);
    }

    private async Task<string> BalanceAsync(AssetRef? asset, CancellationToken cancellationToken)
    {
        if (!chain.HasSigner) return "No trading wallet is configured (SIGNER_PRIVATE_KEY is not set).";
        IReadOnlyList<TradingToken> which;
        try
        {
            which = asset is null ? tokens.All : [tokens.Resolve(asset)];
        }
        catch (TradeRequestException ex)
        {
            return TelegramHtml.Escape(ex.Message);
        }
        var balances = await Erc20.BalancesAsync(chain.Pool, chain.Wallet, which.Select(t => t.Address).ToList(), cancellationToken: cancellationToken);
        var text = new StringBuilder($"<b>Wallet</b> <code>{chain.Wallet}</code> on {TelegramHtml.Escape(chain.Chain.Name)}\n");
        if (asset is null)
        {
            var native = await chain.Pool.GetBalanceAsync(chain.Wallet.ToLowerHex(), BlockTag.Latest, cancellationToken);
            text.Append($"{TelegramHtml.Escape(chain.Chain.NativeSymbol)}: {ChatNumbers.Amount(native, 18)}\n");
        }
        for (var i = 0; i < which.Count; i++)
            text.Append($"{TelegramHtml.Escape(which[i].TokenSymbol)}: {ChatNumbers.Amount(balances[i], which[i].Decimals)}\n");
        return text.ToString().TrimEnd();
    }

    private async Task<string> PnlAsync(PnlPeriod period, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var mode = await ModeAsync(cancellationToken);
        var (snapshot, problems) = await executor.PortfolioAsync(mode, now, cancellationToken);
        var day = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var (since, name, startNav) = period switch
        {
            PnlPeriod.Day => (day, "today", snapshot.DayStartNavUsd),
            PnlPeriod.Week => (day.AddDays(-(((int)day.DayOfWeek + 6) % 7)), "this week", snapshot.WeekStartNavUsd),
            PnlPeriod.Month => (new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero), "this month", (decimal?)null),
            _ => (DateTimeOffset.MinValue, "all time", (decimal?)null),
        };
        var fills = await ledger.FillsAsync(mode, since, cancellationToken);
        var realised = fills.Sum(f => f.RealisedPnlUsd);
        var gas = fills.Sum(f => f.Fill.GasUsd);
        var (book, _) = await ledger.ReadAsync(mode, cancellationToken);
        var (prices, _) = await executor.PricesOfAsync(book.Positions.Select(p => p.Symbol), cancellationToken);
        var unrealised = Ledger.Value(book, prices).Sum(v => v.UnrealisedPnlUsd);
        var text = new StringBuilder($"<b>PnL {name}</b> · {TradeMessages.Book(mode)}\n");
        text.Append($"Realised {ChatNumbers.SignedUsd(realised)} over {fills.Count} fills, gas {ChatNumbers.Gas(gas)}\n");
        text.Append($"Unrealised now {ChatNumbers.SignedUsd(unrealised)}\n");
        text.Append($"NAV {ChatNumbers.Usd(snapshot.NavUsd)}");
        if (startNav is { } start)
            text.Append($" (start of period {ChatNumbers.Usd(start)}, change {ChatNumbers.SignedUsd(snapshot.NavUsd - start)})");
        text.Append($"\nDrawdown from peak {RiskPercent(snapshot.DrawdownPercent)}");
        if (problems.Count > 0) text.Append("\n⚠️ Stale prices: ").Append(TelegramHtml.Escape(string.Join("; ", problems)));
        return text.ToString();
    }

    private async Task<string> RiskSummaryAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var gate = await gates.CurrentAsync(cancellationToken);
        var (snapshot, _) = await executor.PortfolioAsync(gate.Mode, now, cancellationToken);
        var desk = await store.DeskTradesAsync(gate.Mode, now - TimeSpan.FromDays(1), cancellationToken);
        return $"<b>{TradeMessages.Book(gate.Mode)}</b>\n" +
               $"<pre>{TelegramHtml.Escape(RiskSummary.Render(limits.Value, snapshot, desk.Select(d => d.Mark).ToList(), gate.ForRisk(), now))}</pre>";
    }

    private static string RiskPercent(decimal value) => ChatNumbers.Percent(value);
}

/// <summary>
/// Confirm/Cancel presses on a trade's quote message. Only the trader who opened the trade, pressing a button of the
/// bot's own quote message of that trade (server-side nonce, same chat, the message the outbox sent), can confirm;
/// the state machine decides the rest (expired, already confirmed: nothing changes and the toast says why).
/// </summary>
public sealed class TradeButtonHandler(TradeDesk desk, TradeStore store, IRuntimeGates gates, Notifications.OutboxTables outbox)
{
    public async Task<AnswerCallbackQueryRequest> HandleAsync(CallbackQuery callback, CancellationToken cancellationToken)
    {
        if (!TradeMessages.TryParseButton(callback.Data, out var tradeId, out var nonce, out var confirm))
            return Answer(callback, "This button is not handled any more.");
        var stored = await store.GetAsync(tradeId, cancellationToken);
        // The trader can only press a delivered quote; the trade may not have learned of the delivery yet.
        if (stored?.Trade.State == TradeState.RiskChecked) stored = await desk.ObserveQuoteDeliveryAsync(tradeId, cancellationToken);
        if (stored is null || !NonceMatches(stored.ButtonNonce, nonce) || callback.Message is not { } message
            || message.Chat.Id != stored.Trade.Intent.ChatId || !message.HasButtonWithData(callback.Data!)
            || !await IsQuoteMessageAsync(stored.Trade, message.Id, cancellationToken))
            return Answer(callback, "This button does not belong to a trade quote of this chat.");
        if (callback.From.Id != stored.Trade.Intent.UserId)
            return Answer(callback, "Only the trader who asked for this quote can answer it.");

        TradeEvent evt = confirm
            ? new ConfirmPressed(callback.From.Id, stored.Trade.QuoteMessageKey!, (await gates.CurrentAsync(cancellationToken)).ForRisk())
            : new CancelRequested(callback.From.Id);
        var step = await desk.SubmitAsync(tradeId, evt, cancellationToken);
        if (!step.Applied) return Answer(callback, $"Nothing changed: {step.Rejection}.");
        return Answer(callback, step.Trade.State switch
        {
            TradeState.Confirmed => $"Confirmed ({TradeMessages.Mode(step.Trade.Mode)}). Executing…",
            TradeState.Cancelled => $"Cancelled: {step.Trade.Outcome}.",
            _ => step.Message ?? step.Trade.State.ToString(),
        });
    }

    /// <summary>True when <paramref name="messageId"/> is the chat message the outbox delivered as this trade's quote.</summary>
    private async Task<bool> IsQuoteMessageAsync(Trade trade, long messageId, CancellationToken cancellationToken) =>
        trade.QuoteMessageKey is { } key && await outbox.WasDeliveredAsAsync(trade.Intent.ChatId, key, messageId, cancellationToken);

    private static bool NonceMatches(string expected, string presented) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(presented));

    private static AnswerCallbackQueryRequest Answer(CallbackQuery callback, string text) =>
        WebhookUpdates.Answer(callback, text.Length > 190 ? text[..190] + "…" : text);
}
