using System.Text;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Gates;
using ChainTrader.Application.Trades;
using AnswerCallbackQueryRequest = Telegram.Bot.Requests.AnswerCallbackQueryRequest;
using CallbackQuery = Telegram.Bot.Types.CallbackQuery;

namespace ChainTrader.Application.Commands;

/// <summary>
/// Confirm/Cancel presses on a trade's quote message. Only the trader who opened the trade, pressing a button of the
/// bot's own quote message of that trade (server-side nonce, same chat, the message the outbox sent), can confirm;
/// the state machine decides the rest (expired, already confirmed: nothing changes and the toast says why).
/// </summary>
public sealed class TradeButtonHandler(TradeDesk desk, TradeStore store, IRuntimeGates gates, Notifications.OutboxTables outbox, TimeProvider clock)
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

        // The press is judged at the time it came in, which the answer below is true of, however late the trade applies it.
        TradeEvent evt = confirm
            ? new ConfirmPressed(callback.From.Id, stored.Trade.QuoteMessageKey!, (await gates.CurrentAsync(cancellationToken)).ForRisk(), clock.GetUtcNow())
            : new CancelRequested(callback.From.Id, clock.GetUtcNow());
        var step = await desk.SubmitAsync(tradeId, evt, cancellationToken);
        if (!step.Applied) return Answer(callback, $"Nothing changed: {step.Rejection}.");
        return Answer(callback, step.Trade.State switch
        {
            TradeState.Confirmed => $"Confirmed ({TradeMessages.Mode(step.Trade.Mode)}). Executing…",
            TradeState.Cancelled => $"Cancelled: {step.Trade.Outcome}.",
            TradeState.Expired => ExpiredAnswer,
            _ => step.Message ?? step.Trade.State.ToString(),
        });
    }

    /// <summary>The answer to a press that came after the quote's expiry (which it ends).</summary>
    public const string ExpiredAnswer = "The quote expired before this press: nothing was traded. Send the order again for a new quote.";

    /// <summary>True when <paramref name="messageId"/> is the chat message the outbox delivered as this trade's quote.</summary>
    private async Task<bool> IsQuoteMessageAsync(Trade trade, long messageId, CancellationToken cancellationToken) =>
        trade.QuoteMessageKey is { } key && await outbox.WasDeliveredAsAsync(trade.Intent.ChatId, key, messageId, cancellationToken);

    private static bool NonceMatches(string expected, string presented) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(presented));

    private static AnswerCallbackQueryRequest Answer(CallbackQuery callback, string text) =>
        WebhookUpdates.Answer(callback, text);
}
