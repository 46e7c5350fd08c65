using ChainTrader.Adapters.Storage;

namespace ChainTrader.Application.Notifications;

/// <summary>
/// The delivery tables, created on first use:
/// <list type="bullet">
/// <item><c>Outbox</c>: PK chat id, RK dedupe key; the message, its Sequence (order within the chat), status, message_id.</item>
/// <item><c>OutboxChats</c>: PK "pending" (a marker per chat that may have pending rows) and PK "lease" (per chat: who
/// drains it until when, recent send times, retry_after deadline, the row being sent).</item>
/// <item><c>OutboxRate</c>: the global send slots (PK second, RK slot) and the shared flood state (PK "flood").</item>
/// </list>
/// </summary>
/// <remarks>The storage connection is resolved on first use, so an app without AzureWebJobsStorage still starts (and says so when it sends).</remarks>
public sealed class OutboxTables(Func<TableAccount> service)
{
    public const string PendingPartition = "pending";
    public const string LeasePartition = "lease";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _created;

    private readonly Lazy<TableAccount> _service = new(service);

    public EntityTable Outbox => _service.Value.GetTable("Outbox");
    public EntityTable Chats => _service.Value.GetTable("OutboxChats");
    public EntityTable Rate => _service.Value.GetTable("OutboxRate");

    public static string ChatKey(long chatId) => chatId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// True when the outbox delivered the message <paramref name="key"/> to <paramref name="chatId"/> as
    /// <paramref name="messageId"/>: a button press counts only on the very message the bot sent, not on a copy of its buttons.
    /// </summary>
    public async Task<bool> WasDeliveredAsAsync(long chatId, string key, long messageId, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var row = await Outbox.GetAsync(ChatKey(chatId), key, ["MessageId"], cancellationToken);
        return row is not null && row.Contains("MessageId") && row.GetInt64("MessageId") == messageId;
    }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created) return;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_created) return;
            await Outbox.CreateIfNotExistsAsync(cancellationToken);
            await Chats.CreateIfNotExistsAsync(cancellationToken);
            await Rate.CreateIfNotExistsAsync(cancellationToken);
            _created = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Deletes Sent rows sent and Failed rows failed before <paramref name="cutoff"/> (Housekeeping); Pending rows are never
    /// touched. A deleted row takes its dedupe key with it, so the cutoff must be past any retry of the same cause
    /// (OUTBOX_RETENTION_DAYS, 7 days like the Dedupe table). Returns how many rows it deleted.
    /// </summary>
    public async Task<int> DeleteFinishedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var filter = TableFilter.Equal("Status", nameof(OutboxStatus.Sent)).And(TableFilter.LessThan("SentAt", cutoff))
            .Or(TableFilter.Equal("Status", nameof(OutboxStatus.Failed)).And(TableFilter.LessThan("FailedAt", cutoff)));
        var finished = new List<TableRow>();
        await foreach (var row in Outbox.QueryAsync(filter, ["Status"], cancellationToken: cancellationToken))
            finished.Add(row);
        var deleted = 0;
        foreach (var row in finished)
            if (await Outbox.DeleteAsync(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken)) deleted++;
        return deleted;
    }
}
