namespace ChainTrader.Core.Telegram;

/// <summary>
/// A message the bot wants delivered to a chat. <see cref="DedupeKey"/> makes delivery idempotent: a second
/// message with the same key is never sent (for example "reply:{update_id}", the watcher's "notified:{tx}:{user}:{type}" or a trade's "trade:{trade}:{tx}:{type}").
/// When <see cref="EditOf"/> names the dedupe key of an earlier message, that message is edited in place
/// instead (how a trade's single chat message follows its progress).
/// </summary>
public sealed record OutboundMessage(
    long ChatId,
    string DedupeKey,
    string Html,
    IReadOnlyList<IReadOnlyList<InlineButton>>? Keyboard = null,
    string? EditOf = null);
