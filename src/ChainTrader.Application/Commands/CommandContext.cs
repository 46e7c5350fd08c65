using ChainTrader.Core.Commands;
using ChainTrader.Core.Telegram;
using ChainTrader.Application.Notifications;

namespace ChainTrader.Application.Commands;

/// <summary>
/// One command being handled: who sent it, where to answer, and the keys its effects are derived from
/// (docs/architecture.md rule 2: the reply is "reply:{update_id}", state changes are keyed "update:{update_id}").
/// </summary>
public sealed class CommandContext(long updateId, long chatId, long userId, UserRole role, string traceId, INotifier notifier)
{
    public long UpdateId { get; } = updateId;
    public long ChatId { get; } = chatId;
    public long UserId { get; } = userId;
    public UserRole Role { get; } = role;

    /// <summary>The request's trace id, or the update's cause key when no trace is active.</summary>
    public string TraceId { get; } = traceId;

    public string Cause => $"update:{UpdateId}";
    public string ReplyKey => ReplyKeyOf(UpdateId);

    public static string ReplyKeyOf(long updateId) => $"reply:{updateId}";

    /// <summary>Queues the one reply to this update; a re-run queues the same key, which is delivered once.</summary>
    public Task ReplyAsync(string html, CancellationToken cancellationToken, IReadOnlyList<IReadOnlyList<InlineButton>>? keyboard = null) =>
        notifier.EnqueueAsync(new OutboundMessage(ChatId, ReplyKey, html, keyboard), cancellationToken);
}
