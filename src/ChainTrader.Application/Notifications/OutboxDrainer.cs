using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using ChainTrader.Adapters.Telegram;
using ChainTrader.Application.Telemetry;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace ChainTrader.Application.Notifications;

/// <summary>
/// Delivers one chat's pending Outbox rows in Sequence order under the chat's lease (<see cref="ChatLease"/>), within the
/// per-chat pacing kept on the lease row and the global slots (<see cref="GlobalSendRate"/>).
/// <para>
/// The one unavoidable window: Telegram has no idempotency key, so a message is "sent" the moment Telegram accepts it
/// and "recorded" only when the row is updated afterwards. The window is kept to one table write: the lease row names
/// the row in flight before the call; the call and its record are never cancelled by shutdown (stopping waits for them);
/// a row marked Sent is never sent again. Only a hard crash or a storage outage between Telegram's answer and that write
/// leaves the row Pending; the next holder then sends it again (at-least-once) and logs a warning naming it.
/// </para>
/// </summary>
public sealed partial class OutboxDrainer(OutboxTables tables, GlobalSendRate globalRate, TelegramBotApi telegram, TimeProvider clock,
    IOptions<TelegramDeliveryOptions> options, IEnumerable<IDeliveryObserver> observers, ILogger<OutboxDrainer> logger) : IHostedService
{
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DeferredRecheck = TimeSpan.FromSeconds(5);
    private static readonly LinkPreviewOptions NoLinkPreview = new() { IsDisabled = true };

    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private readonly ConcurrentDictionary<long, Task> _active = new();
    private readonly ConcurrentDictionary<long, bool> _waitingForLease = new();
    private readonly ConcurrentDictionary<long, bool> _askedAgain = new();
    private readonly CancellationTokenSource _stopping = new();
    private DateTimeOffset _lastFullScan = DateTimeOffset.MinValue;

    private TelegramDeliveryOptions Options => options.Value;

    /// <summary>
    /// Drains one chat now (the Notify function's job). Returns at once if this process is already draining the chat; that
    /// drain then looks at the chat once more after it ends, because its last look may have come before this call's message
    /// was stored, and nothing else would deliver it before the next sweep.
    /// </summary>
    public async Task<DrainResult> DrainChatAsync(long chatId, CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested) return DrainResult.Stopping;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        while (!_active.TryAdd(chatId, done.Task))
        {
            _askedAgain[chatId] = true;
            // Still running: it finds the request when it ends. Gone already: take the chat here.
            if (_active.ContainsKey(chatId)) return DrainResult.Busy;
        }
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
            return await DrainLeasedAsync(chatId, linked.Token);
        }
        finally
        {
            _active.TryRemove(chatId, out _);
            done.SetResult();
            if (_askedAgain.TryRemove(chatId, out _)) DrainInBackground(chatId);
        }
    }

    /// <summary>A best-effort immediate drain in this process (under the Functions host the app consumes no queue itself); the sweeper is the guarantee.</summary>
    public void DrainInBackground(long chatId) => _ = Task.Run(async () =>
    {
        try { await DrainChatAsync(chatId, _stopping.Token); }
        catch (Exception ex) when (ex is not OperationCanceledException) { LogBackgroundDrainFailed(ex, chatId); }
    });

    /// <summary>One attempt per chat at a time, shortly after a foreign lease runs out.</summary>
    private void DrainWhenFree(long chatId, DateTimeOffset until)
    {
        if (!_waitingForLease.TryAdd(chatId, true)) return;
        _ = Task.Run(async () =>
        {
            try
            {
                var wait = until - clock.GetUtcNow() + TimeSpan.FromMilliseconds(100);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            finally
            {
                _waitingForLease.TryRemove(chatId, out _);
            }
            DrainInBackground(chatId);
        });
    }

    /// <summary>
    /// Chats the sweeper should hint: marked pending, not leased, and due within the next sweep. Every
    /// <see cref="TelegramDeliveryOptions.FullScanInterval"/> it also scans the Outbox for pending rows whose chat has no
    /// marker (an enqueue that stopped between its two writes) and restores the marker.
    /// </summary>
    public async Task<IReadOnlyList<long>> FindDueChatsAsync(TimeSpan sweepPeriod, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var marked = new HashSet<long>();
        await foreach (var marker in tables.Chats.QueryAsync(TableFilter.PartitionKeyEquals(OutboxTables.PendingPartition), ["Since"], cancellationToken: cancellationToken))
            marked.Add(ParseChat(marker.RowKey));

        if (now - _lastFullScan >= Options.FullScanInterval)
        {
            _lastFullScan = now;
            var pendingChats = new HashSet<long>();
            await foreach (var row in tables.Outbox.QueryAsync(TableFilter.Equal("Status", nameof(OutboxStatus.Pending)), ["Sequence"], cancellationToken: cancellationToken))
                pendingChats.Add(ParseChat(row.PartitionKey));
            foreach (var chatId in pendingChats.Where(c => !marked.Contains(c)))
            {
                LogMarkerRestored(chatId);
                await MarkPendingAsync(tables, chatId, now, cancellationToken);
                marked.Add(chatId);
            }
        }

        var due = new List<long>();
        var leases = new Dictionary<long, TableRow>();
        await foreach (var lease in tables.Chats.QueryAsync(TableFilter.PartitionKeyEquals(OutboxTables.LeasePartition), ["Owner", "LeaseUntil", "NextDueAt"], cancellationToken: cancellationToken))
            leases[ParseChat(lease.RowKey)] = lease;
        foreach (var chatId in marked)
        {
            if (leases.TryGetValue(chatId, out var lease))
            {
                var held = lease.Contains("Owner") && lease.GetString("Owner").Length > 0
                           && lease.Contains("LeaseUntil") && lease.GetDateTimeOffset("LeaseUntil") > now;
                var notYet = lease.Contains("NextDueAt") && lease.GetDateTimeOffset("NextDueAt") > now + sweepPeriod;
                if (held || notYet) continue;
            }
            due.Add(chatId);
        }
        return due;
    }

    /// <summary>Marks a chat as possibly having pending rows (OutboxChats "pending" partition).</summary>
    public static Task MarkPendingAsync(OutboxTables tables, long chatId, DateTimeOffset now, CancellationToken cancellationToken) =>
        tables.Chats.UpsertAsync(new TableRow(OutboxTables.PendingPartition, OutboxTables.ChatKey(chatId)).Set("Since", now), TableUpdateMode.Replace, cancellationToken);

    private async Task<DrainResult> DrainLeasedAsync(long chatId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var (lease, heldUntil) = await ChatLease.TryAcquireAsync(tables.Chats, chatId, _owner, Options.Limits, clock.GetUtcNow(), Options.LeaseDuration, cancellationToken);
        if (lease is null)
        {
            // Another holder's lease: if it is a crashed instance's, take the chat over the moment it runs out rather than
            // at the sweeper's next round; if the holder is alive it renews and this attempt finds it Busy again.
            if (heldUntil is { } until) DrainWhenFree(chatId, until);
            return DrainResult.Busy;
        }

        if (lease.PreviousInFlight is { } inFlight)
            LogPossibleDuplicate(chatId, inFlight);
        var session = new Session(lease);
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = RenewWhileDrainingAsync(lease, renewing);
        try
        {
            return await DrainPassesAsync(session, renewing.Token);
        }
        catch (OperationCanceledException) when (renewal.IsCompleted && !cancellationToken.IsCancellationRequested)
        {
            // The renewal found the lease taken over: stop before another send.
            LogLeaseLost(chatId);
            session.KeepLease = true;
            return DrainResult.Busy;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            session.NextDueAt = null;
            return DrainResult.Stopping;
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
            if (!session.KeepLease)
            {
                using var timeout = new CancellationTokenSource(ReleaseTimeout);
                try
                {
                    if (!await lease.ReleaseAsync(clock.GetUtcNow(), session.NextDueAt, timeout.Token))
                        LogLeaseLost(chatId);
                }
                catch (Exception ex) when (ex is TableStorageException or OperationCanceledException or HttpRequestException)
                {
                    // The lease expires on its own; the pacing state written before the last send still holds.
                    LogReleaseFailed(ex, chatId);
                }
            }
        }
    }

    /// <summary>
    /// Keeps the short lease alive while this drain works. Returns when the drain ends (its token is cancelled) or, having
    /// cancelled the drain, when the lease was lost. A renewal that cannot reach storage is retried at the next beat.
    /// </summary>
    private async Task RenewWhileDrainingAsync(ChatLease lease, CancellationTokenSource drain)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Options.LeaseRenewInterval, clock, drain.Token);
                try
                {
                    if (!await lease.RenewAsync(clock.GetUtcNow(), Options.LeaseDuration, drain.Token))
                    {
                        await drain.CancelAsync();
                        return;
                    }
                }
                catch (Exception ex) when (ex is TableStorageException or HttpRequestException)
                {
                    LogRenewFailed(ex, lease.ChatId);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The drain ended.
        }
    }

    private async Task<DrainResult> DrainPassesAsync(Session session, CancellationToken cancellationToken)
    {
        var chatId = session.Lease.ChatId;
        var chatKey = OutboxTables.ChatKey(chatId);
        while (true)
        {
            var marker = await tables.Chats.GetAsync(OutboxTables.PendingPartition, chatKey, ["Since"], cancellationToken);
            var pending = new List<OutboxRow>();
            var filter = TableFilter.PartitionKeyEquals(chatKey).And(TableFilter.Equal("Status", nameof(OutboxStatus.Pending)));
            await foreach (var entity in tables.Outbox.QueryAsync(filter, cancellationToken: cancellationToken))
                pending.Add(OutboxRow.From(entity));

            if (pending.Count == 0)
            {
                if (marker is null) return DrainResult.Drained;
                try
                {
                    await tables.Chats.DeleteAsync(OutboxTables.PendingPartition, chatKey, marker.ETag!, cancellationToken);
                    return DrainResult.Drained;
                }
                catch (TableConcurrencyException)
                {
                    continue; // an enqueue marked the chat again after our query: look once more
                }
            }

            var pass = await SendPassAsync(session, pending.OrderBy(r => r.Sequence).ThenBy(r => r.DedupeKey, StringComparer.Ordinal).ToList(), cancellationToken);
            switch (pass)
            {
                case PassOutcome.Again:
                    continue;
                case PassOutcome.OnlyDeferred:
                    session.NextDueAt = clock.GetUtcNow() + DeferredRecheck;
                    return DrainResult.Waiting;
                case PassOutcome.NotDue:
                    return DrainResult.Waiting;
                case PassOutcome.LeaseLost:
                    LogLeaseLost(chatId);
                    session.KeepLease = true;
                    return DrainResult.Busy;
                default:
                    throw new InvalidOperationException($"Unknown pass outcome {pass}.");
            }
        }
    }

    private async Task<PassOutcome> SendPassAsync(Session session, IReadOnlyList<OutboxRow> rows, CancellationToken cancellationToken)
    {
        var lease = session.Lease;
        var progress = false;
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long? editTarget = null;
            if (row.EditOf is { } original)
            {
                var target = await ResolveEditTargetAsync(session, row, original, cancellationToken);
                if (target.FailReason is { } reason)
                {
                    await RecordAsync(row, row.FailedUpdate(reason, clock.GetUtcNow()));
                    LogFailed(row.ChatId, row.DedupeKey, reason);
                    progress = true;
                    continue;
                }
                if (target.MessageId is null) continue; // its original is not sent yet
                editTarget = target.MessageId;
            }

            var now = clock.GetUtcNow();
            var due = lease.EarliestNextSend;
            if (due - now > Options.MaxInlineWait)
            {
                session.NextDueAt = due;
                return PassOutcome.NotDue;
            }
            if (due > now) await Task.Delay(due - now, clock, cancellationToken);
            await globalRate.AcquireAsync(cancellationToken);
            var sendAt = clock.GetUtcNow();
            if (!await lease.BeginSendAsync(row.DedupeKey, sendAt, sendAt, Options.LeaseDuration, cancellationToken))
                return PassOutcome.LeaseLost;

            // From here the call and its record run to completion even if the app is stopping (see the class remarks).
            if (!await SendAndRecordAsync(session, row, editTarget)) return PassOutcome.Again;
            progress = true;
        }
        return progress ? PassOutcome.Again : PassOutcome.OnlyDeferred;
    }

    /// <summary>True to carry on with the next row; false to re-read the chat (after a 429 or a transient failure).</summary>
    private async Task<bool> SendAndRecordAsync(Session session, OutboxRow row, long? editTarget)
    {
        var lease = session.Lease;
        // The send and its record belong to the trace that enqueued the row (a trade's), linked to this drain's.
        using var activity = TraceContext.Continue(row.TraceParent, SendSpanName(editTarget), SendTags(row), ActivityKind.Client)
                             ?? ChainTraderTelemetry.ActivitySource.StartActivity(SendSpanName(editTarget), ActivityKind.Client, default(ActivityContext), SendTags(row));
        long messageId;
        var (chatId, html) = (row.ChatId, row.Html);
        while (true)
        {
            try
            {
                var client = telegram.Client();
                var keyboard = InlineKeyboards.Markup(row.Keyboard);
                var sent = editTarget is { } target
                    ? await client.EditMessageText(chatId, checked((int)target), html, parseMode: ParseMode.Html, replyMarkup: keyboard,
                        linkPreviewOptions: NoLinkPreview, cancellationToken: CancellationToken.None)
                    : await client.SendMessage(chatId, html, parseMode: ParseMode.Html, replyMarkup: keyboard,
                        linkPreviewOptions: NoLinkPreview, cancellationToken: CancellationToken.None);
                messageId = sent.Id;
                break;
            }
            catch (ApiRequestException ex) when (editTarget is null && chatId == row.ChatId && ex.Parameters?.MigrateToChatId is { } moved)
            {
                // A group (the admin chat, where alerts go, above all) became a supergroup under a new id, which Telegram
                // names: the message follows it, one extra call per message, and says which id to configure; the settings
                // stay the operators'. Edits are not followed: their message is in the old chat's history.
                LogChatMigrated(row.ChatId, moved, row.DedupeKey);
                (chatId, html) = (moved, html + $"\n\n<i>This group is now chat {moved}; the bot still has its old id {row.ChatId}. " +
                                              $"If that is ADMIN_CHAT_ID, set it to {moved}: until then admin commands sent here are refused.</i>");
            }
            catch (ApiRequestException ex) when (ex.IsRateLimited(out var retryAfter))
            {
                lease.CancelSend();
                lease.NotBefore = clock.GetUtcNow() + retryAfter;
                LogThrottled(row.ChatId, row.DedupeKey, retryAfter.TotalSeconds);
                await globalRate.ReportRateLimitedAsync(row.ChatId, retryAfter, CancellationToken.None);
                return false;
            }
            catch (ApiRequestException ex) when (ex.IsMessageNotModified() && editTarget is { } target)
            {
                lease.CancelSend();
                await RecordSentAsync(session, row, target);
                return true;
            }
            catch (ApiRequestException ex) when (ex.IsPermanentForMessage())
            {
                lease.CancelSend();
                var reason = $"{ex.ErrorCode} {ex.Message}" + (ex.Parameters?.MigrateToChatId is { } moved ? $" (the group is now chat {moved})" : "");
                await RecordAsync(row, row.FailedUpdate(reason, clock.GetUtcNow()));
                LogFailed(row.ChatId, row.DedupeKey, reason);
                return true;
            }
            catch (RequestException ex)
            {
                // Other refusals, timeouts and network failures (the library wraps them all). The request may have reached
                // Telegram, so it keeps its place in the pacing; the row is retried after a backoff.
                lease.CompleteSend(clock.GetUtcNow());
                var backoff = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(row.Attempts, 6))));
                lease.NotBefore = clock.GetUtcNow() + backoff;
                LogTransient(ex, row.ChatId, row.DedupeKey, backoff.TotalSeconds);
                await RecordAsync(row, row.RetryUpdate(ex.Message));
                return false;
            }
        }
        lease.CompleteSend(clock.GetUtcNow());
        await RecordSentAsync(session, row, editTarget ?? messageId);
        return true;
    }

    private static string SendSpanName(long? editTarget) => editTarget is null ? "telegram sendMessage" : "telegram editMessageText";

    private static KeyValuePair<string, object?>[] SendTags(OutboxRow row) =>
        [new(TelemetryTags.ChatId, row.ChatId), new(TelemetryTags.DedupeKey, row.DedupeKey)];

    private async Task RecordSentAsync(Session session, OutboxRow row, long messageId)
    {
        await RecordAsync(row, row.SentUpdate(messageId, clock.GetUtcNow()), session);
        session.SentMessageIds[row.DedupeKey] = messageId;
        LogSent(row.ChatId, row.DedupeKey, messageId);
        foreach (var observer in observers)
        {
            try
            {
                await observer.DeliveredAsync(row.ChatId, row.DedupeKey, _stopping.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogObserverFailed(ex, row.ChatId, row.DedupeKey);
            }
        }
    }

    /// <summary>Writes a row's outcome. Runs without cancellation; if it cannot be written the lease is kept so it expires naming the row.</summary>
    private async Task RecordAsync(OutboxRow row, TableRow update, Session? session = null)
    {
        try
        {
            try
            {
                await tables.Outbox.UpdateAsync(update, row.ETag ?? "*", TableUpdateMode.Merge, CancellationToken.None);
            }
            catch (TableConcurrencyException)
            {
                // Only the lease holder writes pending rows, so a changed ETag means an earlier record of ours landed.
                await tables.Outbox.UpdateAsync(update, "*", TableUpdateMode.Merge, CancellationToken.None);
            }
        }
        catch (Exception) when (session is not null)
        {
            session.KeepLease = true;
            throw;
        }
    }

    private async Task<(long? MessageId, string? FailReason)> ResolveEditTargetAsync(Session session, OutboxRow row, string original, CancellationToken cancellationToken)
    {
        if (session.SentMessageIds.TryGetValue(original, out var known)) return (known, null);
        var entity = await tables.Outbox.GetAsync(OutboxTables.ChatKey(row.ChatId), original, cancellationToken: cancellationToken);
        if (entity is null)
        {
            return clock.GetUtcNow() - row.EnqueuedAt > Options.OrphanEditGrace
                ? (null, $"edits \"{original}\", but no message with that dedupe key was enqueued for chat {row.ChatId} within {Options.OrphanEditGrace.TotalMinutes:0} minutes")
                : (null, null);
        }
        var target = OutboxRow.From(entity);
        return target.Status switch
        {
            OutboxStatus.Sent => (target.MessageId, null),
            OutboxStatus.Failed => (null, $"edits \"{original}\", which failed: {target.FailureReason}"),
            _ => (null, null),
        };
    }

    private static long ParseChat(string key) => long.Parse(key, System.Globalization.CultureInfo.InvariantCulture);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops starting sends and waits for the ones in flight to be recorded, so a clean stop never leaves a sent row pending.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_active.Values).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            LogStopTimedOut(_active.Count);
        }
    }

    private enum PassOutcome { Again, OnlyDeferred, NotDue, LeaseLost }

    private sealed class Session(ChatLease lease)
    {
        public ChatLease Lease { get; } = lease;
        public Dictionary<string, long> SentMessageIds { get; } = new(StringComparer.Ordinal);
        public DateTimeOffset? NextDueAt { get; set; }
        public bool KeepLease { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Delivered {DedupeKey} to chat {ChatId} as message {MessageId}")]
    private partial void LogSent(long chatId, string dedupeKey, long messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat {ChatId}: telling the sender that {DedupeKey} was delivered failed; the sweeper will catch up")]
    private partial void LogObserverFailed(Exception exception, long chatId, string dedupeKey);

    [LoggerMessage(Level = LogLevel.Error, Message = "Chat {ChatId} was upgraded to a supergroup, now chat {NewChatId}: {DedupeKey} goes there; if {ChatId} is ADMIN_CHAT_ID, set it to {NewChatId}")]
    private partial void LogChatMigrated(long chatId, long newChatId, string dedupeKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram refused {DedupeKey} for chat {ChatId} for good: {Reason}")]
    private partial void LogFailed(long chatId, string dedupeKey, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram throttled chat {ChatId} at {DedupeKey}; retrying after {RetryAfterSeconds} s")]
    private partial void LogThrottled(long chatId, string dedupeKey, double retryAfterSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {DedupeKey} to chat {ChatId} failed; retrying in {BackoffSeconds} s")]
    private partial void LogTransient(Exception exception, long chatId, string dedupeKey, double backoffSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat {ChatId}: an earlier drain stopped while sending {DedupeKey}; if that row is still pending it is sent again and may appear twice")]
    private partial void LogPossibleDuplicate(long chatId, string dedupeKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat {ChatId}: the drain lease was taken over by another instance")]
    private partial void LogLeaseLost(long chatId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat {ChatId}: could not renew the drain lease; trying again at the next beat")]
    private partial void LogRenewFailed(Exception exception, long chatId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat {ChatId}: could not release the drain lease; it expires on its own")]
    private partial void LogReleaseFailed(Exception exception, long chatId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat {ChatId} had pending messages but no pending marker; marker restored")]
    private partial void LogMarkerRestored(long chatId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background drain of chat {ChatId} failed; the sweeper will retry")]
    private partial void LogBackgroundDrainFailed(Exception exception, long chatId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped while {Count} chat drains were still running")]
    private partial void LogStopTimedOut(int count);
}
