using System.Globalization;
using ChainTrader.Core.Chat;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Telegram;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Gates;
using ChainTrader.Application.Trades;

namespace ChainTrader.Application.Commands;

/// <summary>
/// /buy, /sell and /swap open a trade (its id derived from the update, so a redelivered update opens nothing new); the
/// trade then speaks for itself in one chat message (quote with Confirm/Cancel, edited at every state change). /cancel
/// cancels a trade that is not yet submitted.
/// </summary>
public sealed class TradeCommandsHandler(TradeDesk desk, TradeStore store, TradingTokens tokens, IRuntimeGates gates, LedgerStore ledger, TimeProvider clock) : ICommandHandler
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
        var step = await desk.SubmitAsync(tradeId, new CancelRequested(context.UserId, clock.GetUtcNow()), cancellationToken);
        var trade = $"Trade <code>{TelegramHtml.Escape(tradeId)}</code>";
        if (!step.Applied)
        {
            await context.ReplyAsync($"{trade} was not cancelled: {TelegramHtml.Escape(step.Rejection)}.", cancellationToken);
            return;
        }
        // What the trade shows once its orchestration has applied the cancel, not what the dry run expected.
        var after = await desk.AfterStopAsync(tradeId, cancellationToken) ?? step.Trade;
        await context.ReplyAsync(after.State switch
        {
            TradeState.Cancelled => $"{trade} cancelled.",
            TradeState.Submitted or TradeState.Included =>
                $"{trade} was not cancelled: its swap was already submitted, so it runs to its end; its message follows it.",
            _ when after.IsTerminal => $"{trade} was not cancelled: it ended {after.State} ({TelegramHtml.Escape(after.Outcome)}).",
            _ => $"{trade}: cancel requested; it has not confirmed it yet, and its message will say how it ends.",
        }, cancellationToken);
    }
}
