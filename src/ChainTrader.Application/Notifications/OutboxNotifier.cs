using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Telegram;

namespace ChainTrader.Application.Notifications;

/// <summary>
/// <see cref="INotifier"/> over the Outbox table. A message is stored with insert-if-absent under its dedupe key (a
/// second enqueue of the same key changes nothing), its chat is marked pending, and a hint asks for delivery now: through
/// the notifications queue standalone (on Azurite), or as an in-process drain under the Functions host. The hint may be lost; the
/// OutboxSweeper timer finds every marked chat within seconds.
/// </summary>
public sealed partial class OutboxNotifier(OutboxTables tables, OutboxSequence sequence, HintQueues queues,
    TimeProvider clock, ILogger<OutboxNotifier> logger) : INotifier
{
    public async Task EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        Validate(message);
        await tables.EnsureCreatedAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var inserted = await tables.Outbox.TryInsertAsync(OutboxRow.NewEntity(message, sequence.Next(now), now), cancellationToken);
        // Marked even when the row existed: a caller retrying after a crash between the two writes heals the marker.
        await OutboxDrainer.MarkPendingAsync(tables, message.ChatId, now, cancellationToken);
        if (inserted) LogEnqueued(message.ChatId, message.DedupeKey);
        else LogDuplicate(message.ChatId, message.DedupeKey);

        await HintAsync(message.ChatId, cancellationToken);
    }

    private async Task HintAsync(long chatId, CancellationToken cancellationToken)
    {
        try
        {
            await queues.SendAsync(NotifyHint.QueueName, new NotifyHint(chatId).ToJson(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The message is stored and its chat marked: the OutboxSweeper delivers it without the hint.
            LogHintLost(chatId, ex.Message);
        }
    }

    private static void Validate(OutboundMessage message)
    {
        OutboundMessageRules.Validate(message);
        try
        {
            TableNames.ValidateKey(message.DedupeKey, "DedupeKey");
            if (message.EditOf is { } original) TableNames.ValidateKey(original, "EditOf");
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"OutboundMessage to chat {message.ChatId}: {ex.Message}", nameof(message), ex);
        }
        if (message.Html.Length > TableRow.MaxStringLength)
            throw new ArgumentException($"OutboundMessage \"{message.DedupeKey}\" has {message.Html.Length} characters of HTML; at most {TableRow.MaxStringLength} can be stored (Telegram shows at most 4096 after parsing).", nameof(message));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Enqueued {DedupeKey} for chat {ChatId}")]
    private partial void LogEnqueued(long chatId, string dedupeKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The delivery hint for chat {ChatId} could not be queued ({Error}); the outbox sweeper delivers it")]
    private partial void LogHintLost(long chatId, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{DedupeKey} for chat {ChatId} was already enqueued; nothing changed")]
    private partial void LogDuplicate(long chatId, string dedupeKey);
}
