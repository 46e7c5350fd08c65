using System.Text.Json;
using System.Text.Json.Serialization;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Telegram;
using ChainTrader.Application.Telemetry;

namespace ChainTrader.Application.Notifications;

/// <summary>One row of the Outbox table as the drain reads it. <see cref="TraceParent"/> is the trace the message was enqueued
/// in (a trade's, a command's): its delivery is recorded in that trace, whichever drain sends it.</summary>
public sealed record OutboxRow(
    long ChatId,
    string DedupeKey,
    long Sequence,
    string Html,
    IReadOnlyList<IReadOnlyList<InlineButton>>? Keyboard,
    string? EditOf,
    OutboxStatus Status,
    DateTimeOffset EnqueuedAt,
    int Attempts,
    long? MessageId,
    DateTimeOffset? SentAt,
    string? FailureReason,
    string? ETag,
    string? TraceParent = null)
{
    public static TableRow NewEntity(OutboundMessage message, long sequence, DateTimeOffset now)
    {
        var entity = new TableRow(OutboxTables.ChatKey(message.ChatId), message.DedupeKey)
            .Set(nameof(Sequence), sequence)
            .Set(nameof(Html), message.Html)
            .Set(nameof(Status), nameof(OutboxStatus.Pending))
            .Set(nameof(EnqueuedAt), now)
            .Set(nameof(Attempts), 0);
        if (TraceContext.Capture() is { } traceParent)
            entity.Set(nameof(TraceParent), traceParent);
        if (message.Keyboard is { Count: > 0 } keyboard)
            entity.Set(nameof(Keyboard), JsonSerializer.Serialize(keyboard.Select(row => row.ToArray()).ToArray(), OutboxJson.Default.InlineButtonArrayArray));
        if (message.EditOf is { } original)
            entity.Set(nameof(EditOf), original);
        return entity;
    }

    public static OutboxRow From(TableRow entity)
    {
        var status = Enum.TryParse<OutboxStatus>(entity.GetString(nameof(Status)), out var parsed)
            ? parsed
            : throw new InvalidDataException($"Outbox row {entity.PartitionKey}/{entity.RowKey} has unknown Status \"{entity.GetString(nameof(Status))}\".");
        return new OutboxRow(
            long.Parse(entity.PartitionKey, System.Globalization.CultureInfo.InvariantCulture),
            entity.RowKey,
            entity.GetInt64(nameof(Sequence)),
            entity.GetString(nameof(Html)),
            entity.Contains(nameof(Keyboard))
                ? JsonSerializer.Deserialize(entity.GetString(nameof(Keyboard)), OutboxJson.Default.InlineButtonArrayArray)
                : null,
            entity.Contains(nameof(EditOf)) ? entity.GetString(nameof(EditOf)) : null,
            status,
            entity.GetDateTimeOffset(nameof(EnqueuedAt)),
            entity.Contains(nameof(Attempts)) ? entity.GetInt32(nameof(Attempts)) : 0,
            entity.Contains(nameof(MessageId)) ? entity.GetInt64(nameof(MessageId)) : null,
            entity.Contains(nameof(SentAt)) ? entity.GetDateTimeOffset(nameof(SentAt)) : null,
            entity.Contains(nameof(FailureReason)) ? entity.GetString(nameof(FailureReason)) : null,
            entity.ETag,
            entity.Contains(nameof(TraceParent)) ? entity.GetString(nameof(TraceParent)) : null);
    }

    public TableRow SentUpdate(long messageId, DateTimeOffset sentAt) =>
        new TableRow(OutboxTables.ChatKey(ChatId), DedupeKey)
            .Set(nameof(Status), nameof(OutboxStatus.Sent))
            .Set(nameof(MessageId), messageId)
            .Set(nameof(SentAt), sentAt)
            .Set(nameof(Attempts), Attempts + 1);

    public TableRow FailedUpdate(string reason, DateTimeOffset at) =>
        new TableRow(OutboxTables.ChatKey(ChatId), DedupeKey)
            .Set(nameof(Status), nameof(OutboxStatus.Failed))
            .Set(nameof(FailureReason), reason.Length > 1000 ? reason[..1000] : reason)
            .Set("FailedAt", at)
            .Set(nameof(Attempts), Attempts + 1);

    public TableRow RetryUpdate(string error) =>
        new TableRow(OutboxTables.ChatKey(ChatId), DedupeKey)
            .Set("LastError", error.Length > 1000 ? error[..1000] : error)
            .Set(nameof(Attempts), Attempts + 1);
}

[JsonSerializable(typeof(InlineButton[][]))]
[JsonSerializable(typeof(NotifyHint))]
[JsonSerializable(typeof(JsonElement[]))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class OutboxJson : JsonSerializerContext;
