using ChainTrader.Core.Commands;
using ChainTrader.Core.Telegram;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Notifications;
using ChainTrader.Application.Gates;
using ChainTrader.Application.Trades;
using Microsoft.Extensions.Options;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;

namespace ChainTrader.Application.Commands;

/// <summary>
/// The buttons of a filled trade's card and of /positions cards. "Sell n %" opens a new sale with its own quote (it moves
/// nothing until the trader confirms that quote, as /sell would); "Refresh" redraws the trade's card with the position now.
/// Only traders may press them, and only on a message of the bot that carries that button.
/// </summary>
public sealed class CardButtonHandler(
    TradeCommandsHandler trades,
    TradeStore store,
    LedgerStore ledger,
    TradeEffectExecutor executor,
    TradeChain chain,
    IRuntimeGates gates,
    UserDirectory users,
    INotifier notifier,
    IOptions<TradeTimings> timings,
    TimeProvider clock)
{
    public async Task<AnswerCallbackQueryRequest> HandleAsync(long updateId, CallbackQuery callback, string traceId, CancellationToken cancellationToken)
    {
        var role = users.RoleOf(callback.From.Id);
        if (role < UserRole.Trader) return Answer(callback, "Only traders on the desk's list can trade.");
        if (callback.Message is not { } message || !message.HasButtonWithData(callback.Data!))
            return Answer(callback, "This button does not belong to a message of this chat.");
        var context = new CommandContext(updateId, message.Chat.Id, callback.From.Id, role, traceId, notifier);

        if (TradeMessages.TryParseSell(callback.Data, out var asset, out var percent))
            return Answer(callback, await trades.SellShareAsync(context, asset, percent, cancellationToken));
        if (TradeMessages.TryParseRefresh(callback.Data, out var tradeId))
            return Answer(callback, await RefreshAsync(context, tradeId, cancellationToken));
        return Answer(callback, "This button is not handled any more.");
    }

    private async Task<string> RefreshAsync(CommandContext context, string tradeId, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(tradeId, cancellationToken) is not { } stored || stored.Trade.Intent.UserId != context.UserId
            || stored.Trade.Intent.ChatId != context.ChatId)
            return "This card is not one of your trades.";
        var trade = stored.Trade;
        if (trade.State != TradeState.Final || trade.Settlement is null) return "Only a filled trade's card has a position to refresh.";
        var mode = (await gates.CurrentAsync(cancellationToken)).Mode;
        var (book, _) = await ledger.ReadAsync(mode, cancellationToken);
        var symbol = trade.Intent.Base.Symbol;
        var now = clock.GetUtcNow();
        string position;
        if (Ledger.Held(book, symbol) <= 0)
        {
            position = $"\nNo {TelegramHtml.Escape(symbol)} position in the {TradeMessages.Book(mode)} now · as of {now.UtcDateTime:HH:mm:ss} UTC";
        }
        else
        {
            var (prices, _) = await executor.PricesOfAsync([symbol], cancellationToken);
            var valued = Ledger.Value(book, prices).First(v => string.Equals(v.Symbol, symbol, StringComparison.OrdinalIgnoreCase));
            position = $"\n<b>Position now</b> · {TradeMessages.Book(mode)}\n" + TradeMessages.PositionLines(valued, now);
        }
        var html = TradeMessages.Render(trade, TradeNotificationKind.Final, null, trade.Mode, timings.Value.QuoteTtl, chain.Chain.ExplorerTxUrl, position);
        await notifier.EnqueueAsync(new OutboundMessage(context.ChatId, $"refresh:{context.UpdateId}", html,
            TradeMessages.CardButtons(trade, TradeNotificationKind.Final, stored.ButtonNonce, chain.Chain.ExplorerTxUrl), TradeStateMachine.QuotePromptKey(trade)), cancellationToken);
        return "Refreshed.";
    }

    private static AnswerCallbackQueryRequest Answer(CallbackQuery callback, string text) =>
        WebhookUpdates.Answer(callback, text);
}
