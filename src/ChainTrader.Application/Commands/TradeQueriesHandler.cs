using System.Text;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Chat;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Risk;
using ChainTrader.Core.Telegram;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Gates;
using ChainTrader.Application.Trades;
using Microsoft.Extensions.Options;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Application.Commands;

/// <summary>/status, /positions, /balance, /pnl, /history and (admins) /risk_summary: read-only views of trades, the ledger and the wallet.</summary>
public sealed class TradeQueriesHandler(
    TradeStore store,
    TradeDesk desk,
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
        var open = new List<Trade>();
        foreach (var stored in (await store.UserTradesAsync(context.UserId, 50, cancellationToken)).Where(t => !t.Trade.IsTerminal))
        {
            // A quote already in the chat counts as shown even before the trade's orchestration has learned of it, so
            // /status agrees with what the trader sees.
            open.Add((await desk.ObserveQuoteDeliveryAsync(stored, cancellationToken)).Trade);
        }
        if (open.Count == 0) return "You have no open trades. /history lists your recent ones.";
        return "<b>Open trades</b>\n" + string.Join("\n", open.Select(Line)) + StoryHint;
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
            var native = await chain.Pool.GetBalanceAsync(chain.Wallet.ToLowerHex(), BlockParameter.CreateLatest(), cancellationToken);
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
