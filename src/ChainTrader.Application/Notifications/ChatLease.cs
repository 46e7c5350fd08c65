using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Telegram;

namespace ChainTrader.Application.Notifications;

/// <summary>
/// One instance's exclusive right to send to one chat, held in the chat's "lease" row (OutboxChats) and guarded by its
/// ETag: two instances can never both hold it, so a chat's messages go out one at a time, in order, and the row can
/// carry the chat's pacing state (recent send times, Telegram's retry_after deadline) for whoever drains it next.
/// Before each send the row is rewritten (renewing the lease) with the row key being sent (read back as <see cref="PreviousInFlight"/>):
/// if the holder dies between Telegram's answer and recording it, the next holder knows which row may have gone out.
/// The lease is short (seconds) and the holder renews it while it works (<see cref="RenewAsync"/>, also during a slow
/// Bot API call), so a crashed holder's chat is taken over seconds after it died instead of a long lease later.
/// </summary>
public sealed class ChatLease
{
    private readonly EntityTable _table;
    private readonly string _owner;
    private readonly TelegramRateLimits _limits;
    private readonly SemaphoreSlim _write = new(1, 1); // the renewal and the drain both write the row, guarded by one ETag
    private string _etag;
    private string? _inFlight;

    private ChatLease(EntityTable table, long chatId, string owner, TelegramRateLimits limits, string etag,
        IReadOnlyList<DateTimeOffset> recentSends, DateTimeOffset? notBefore, string? previousInFlight)
    {
        _table = table;
        ChatId = chatId;
        _owner = owner;
        _limits = limits;
        _etag = etag;
        RecentSends = recentSends;
        NotBefore = notBefore;
        PreviousInFlight = previousInFlight;
    }

    public long ChatId { get; }
    public IReadOnlyList<DateTimeOffset> RecentSends { get; private set; }

    /// <summary>Telegram's retry_after (or a transient-error backoff) for this chat: no send before it.</summary>
    public DateTimeOffset? NotBefore { get; set; }

    /// <summary>The row an earlier holder was sending when it stopped without releasing the lease (it may have gone out).</summary>
    public string? PreviousInFlight { get; }

    public DateTimeOffset EarliestNextSend => _limits.EarliestNextSend(ChatId, RecentSends, NotBefore);

    /// <summary>Takes the chat's lease if nobody else holds an unexpired one; null otherwise, with when the other holder's lease runs out if known.</summary>
    public static async Task<(ChatLease? Lease, DateTimeOffset? HeldUntil)> TryAcquireAsync(EntityTable table, long chatId, string owner, TelegramRateLimits limits,
        DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        var key = OutboxTables.ChatKey(chatId);
        var row = await table.GetAsync(OutboxTables.LeasePartition, key, cancellationToken: cancellationToken);
        if (row is null)
        {
            var fresh = new TableRow(OutboxTables.LeasePartition, key).Set("Owner", owner).Set("LeaseUntil", now + duration);
            try
            {
                var etag = await table.InsertAsync(fresh, cancellationToken);
                return (new ChatLease(table, chatId, owner, limits, etag, [], null, null), null);
            }
            catch (TableStorageException ex) when (ex.Status == System.Net.HttpStatusCode.Conflict)
            {
                return (null, null); // another instance created it a moment ago and holds it
            }
        }

        var holder = row.Contains("Owner") ? row.GetString("Owner") : "";
        var leaseUntil = row.Contains("LeaseUntil") ? row.GetDateTimeOffset("LeaseUntil") : TableRow.MinDateTime;
        if (holder.Length > 0 && holder != owner && leaseUntil > now) return (null, leaseUntil);

        var lease = new ChatLease(table, chatId, owner, limits, row.ETag!,
            TelegramRateLimits.DecodeSends(row.Contains("RecentSends") ? row.GetString("RecentSends") : null),
            row.Contains("NotBefore") ? row.GetDateTimeOffset("NotBefore") : null,
            row.Contains("InFlight") ? row.GetString("InFlight") : null);
        return (await lease.TryWriteAsync(now + duration, inFlight: null, nextDueAt: null, cancellationToken) ? lease : null, null);
    }

    /// <summary>
    /// Records that <paramref name="rowKey"/> is about to be sent at <paramref name="sendAt"/> and renews the lease.
    /// False if the lease was lost (another instance took it after expiry): the caller must not send.
    /// </summary>
    public async Task<bool> BeginSendAsync(string rowKey, DateTimeOffset sendAt, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        RecentSends = _limits.Record(ChatId, RecentSends, sendAt);
        _inFlight = rowKey;
        return await TryWriteAsync(now + duration, rowKey, nextDueAt: null, cancellationToken);
    }

    /// <summary>Extends the lease to <paramref name="now"/> + <paramref name="duration"/>, keeping what it records. False if it was lost.</summary>
    public Task<bool> RenewAsync(DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken) =>
        TryWriteAsync(now + duration, _inFlight, nextDueAt: null, cancellationToken);

    /// <summary>After Telegram answered: pacing counts from the answer, which is no earlier than Telegram's own receipt.</summary>
    public void CompleteSend(DateTimeOffset answeredAt)
    {
        if (RecentSends.Count == 0) return;
        RecentSends = RecentSends.Take(RecentSends.Count - 1).Append(answeredAt).Order().ToArray();
    }

    /// <summary>A refused send took no budget (Telegram does not count it): forget its planned time.</summary>
    public void CancelSend()
    {
        if (RecentSends.Count > 0) RecentSends = RecentSends.Take(RecentSends.Count - 1).ToArray();
    }

    /// <summary>Gives the chat up, keeping its pacing state; <paramref name="nextDueAt"/> tells the sweeper when to come back.</summary>
    public Task<bool> ReleaseAsync(DateTimeOffset now, DateTimeOffset? nextDueAt, CancellationToken cancellationToken) =>
        TryWriteAsync(now, inFlight: null, nextDueAt, cancellationToken, release: true);

    private async Task<bool> TryWriteAsync(DateTimeOffset leaseUntil, string? inFlight, DateTimeOffset? nextDueAt, CancellationToken cancellationToken,
        bool release = false)
    {
        var row = new TableRow(OutboxTables.LeasePartition, OutboxTables.ChatKey(ChatId))
            .Set("Owner", release ? "" : _owner)
            .Set("LeaseUntil", leaseUntil)
            .Set("RecentSends", TelegramRateLimits.EncodeSends(RecentSends));
        if (NotBefore is { } notBefore) row.Set("NotBefore", notBefore);
        if (inFlight is not null) row.Set("InFlight", inFlight);
        if (nextDueAt is { } due) row.Set("NextDueAt", due);
        await _write.WaitAsync(cancellationToken);
        try
        {
            _etag = await _table.UpdateAsync(row, _etag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (TableConcurrencyException)
        {
            return false;
        }
        finally
        {
            _write.Release();
        }
    }
}
