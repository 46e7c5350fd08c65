using ChainTrader.Core.Commands;
using ChainTrader.Core.Trades;
using ChainTrader.Core.Telegram;
using ChainTrader.Application.Audit;
using ChainTrader.Application.Gates;
using ChainTrader.Application.Notifications;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;

namespace ChainTrader.Application.Commands;

/// <summary>
/// Button presses on a "switch to LIVE?" message. Only the super-admin who asked, pressing a button of that very
/// message within its lifetime, switches the mode; any other press changes nothing and is told why (in the
/// callback's toast, returned as the webhook answer).
/// </summary>
public sealed class LiveConfirmationHandler(
    LiveConfirmations confirmations,
    IRuntimeGates gates,
    AuditLog audit,
    INotifier notifier,
    OutboxTables outbox,
    UserDirectory users,
    TimeProvider clock,
    ILogger<LiveConfirmationHandler> logger)
{
    private const string Action = "execution_mode";

    public async Task<AnswerCallbackQueryRequest> HandleAsync(long updateId, CallbackQuery callback, string traceId, CancellationToken cancellationToken)
    {
        var role = users.RoleOf(callback.From.Id);
        var cause = $"update:{updateId}";
        if (!CallbackData.TryParse(callback.Data, out var requestId, out var nonce, out var confirm))
            return Answer(callback, "This button is not handled any more.");

        var pending = await confirmations.FindAsync(requestId, cancellationToken);
        if (pending is null || !LiveConfirmations.NonceMatches(pending, nonce)
            || callback.Message is not { } message || message.Chat.Id != pending.ChatId || !message.HasButtonWithData(callback.Data!)
            || !await outbox.WasDeliveredAsAsync(pending.ChatId, CommandContext.ReplyKeyOf(requestId), message.Id, cancellationToken))
            return await RefuseAsync(callback, role, cause, traceId, "This button does not belong to a LIVE confirmation of this chat.", cancellationToken);
        if (callback.From.Id != pending.RequestedBy || role < UserRole.SuperAdmin)
            return await RefuseAsync(callback, role, cause, traceId, "Only the super-admin who asked for LIVE can answer this confirmation.", cancellationToken);

        var replay = pending.ResolvedByUpdate == cause;
        if (pending.Status != LiveConfirmation.Pending && !replay)
            return Answer(callback, $"This confirmation was already {pending.Status}.");
        if (!replay && clock.GetUtcNow() > pending.ExpiresAt)
            return await RefuseAsync(callback, role, cause, traceId, "This confirmation has expired; send /execution_mode LIVE again.", cancellationToken);

        var promptKey = CommandContext.ReplyKeyOf(requestId);
        if (!confirm)
        {
            await audit.RecordAsync(new AuditEvent(callback.From.Id, role, Action, null, null, "LIVE cancelled", pending.Cause, traceId), cancellationToken);
            await EditPromptAsync(pending.ChatId, updateId, promptKey, "Switch to LIVE cancelled; the execution mode is unchanged.", cancellationToken);
            await confirmations.TryResolveAsync(pending, LiveConfirmation.Cancelled, cause, cancellationToken);
            return Answer(callback, "Cancelled.");
        }

        // Keyed by the confirmation, not by this press: two presses of Confirm switch the mode once.
        var result = await gates.ApplyAsync(GateChange.Mode(ExecutionMode.Live), callback.From.Id, pending.Cause, null, cancellationToken);
        await audit.RecordAsync(new AuditEvent(callback.From.Id, role, Action, result.Before, result.After,
            result.Changed ? "applied" : "unchanged", pending.Cause, traceId, "confirmed with the button"), cancellationToken);
        await EditPromptAsync(pending.ChatId, updateId, promptKey, GateText.Changed(result), cancellationToken);
        if (!await confirmations.TryResolveAsync(pending, LiveConfirmation.Applied, cause, cancellationToken))
            logger.LogInformation("LIVE confirmation {RequestId} was resolved concurrently by another press", requestId);
        return Answer(callback, "LIVE is on.");
    }

    private async Task<AnswerCallbackQueryRequest> RefuseAsync(CallbackQuery callback, UserRole role, string cause, string traceId, string reason, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(new AuditEvent(callback.From.Id, role, Action, null, null, "refused", cause, traceId,
            $"button press refused: {reason} (data \"{Shorten(callback.Data)}\")"), cancellationToken);
        return Answer(callback, reason);
    }

    private Task EditPromptAsync(long chatId, long updateId, string promptKey, string html, CancellationToken cancellationToken) =>
        notifier.EnqueueAsync(new OutboundMessage(chatId, CommandContext.ReplyKeyOf(updateId), html, EditOf: promptKey), cancellationToken);

    private static AnswerCallbackQueryRequest Answer(CallbackQuery callback, string text) => WebhookUpdates.Answer(callback, text);

    private static string Shorten(string? data) => data is null ? "" : data.Length <= 64 ? data : data[..64];
}
