using System.Net;
using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Alerts;
using ChainTrader.Core.Telegram;
using ChainTrader.Application.Notifications;

namespace ChainTrader.Application.Alerts;

/// <summary>
/// Raises, escalates and clears admin alerts (kill switch, PnL stops, stale oracle, latency, error bursts, ...) through
/// <see cref="AlertRules"/>, with the state of each key in the <c>Alerts</c> table.
/// <para>
/// Exactly-once delivery across instances: the decision and the message it implies are written to the key's row in one
/// conditional (ETag) write, so of two instances that decide the same thing only one writes; the loser re-reads and
/// decides again (now nothing). The winner then enqueues the message to every admin chat with a dedupe key derived from
/// the episode (<c>alert:{key}:{raisedAt}:{raise|escalate|recover}</c>) and clears the pending message. If it dies in
/// between, the first evaluation of that key <see cref="PendingTakeoverAfter"/> later enqueues it again; the notifier's dedupe
/// keys make the repeat harmless.
/// </para>
/// </summary>
public sealed class AlertService
{
    public const string TableName = "Alerts";
    private const string Partition = "alert";
    private const int MaxAttempts = 8;

    /// <summary>How long a stored-but-unconfirmed message is left to the evaluation that stored it before another takes over.</summary>
    public static readonly TimeSpan PendingTakeoverAfter = TimeSpan.FromSeconds(30);

    private readonly EntityTable _table;
    private readonly INotifier _notifier;
    private readonly AlertOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertService> _logger;
    private Task? _tableReady;

    public AlertService(TableAccount tables, INotifier notifier, AlertOptions options, TimeProvider time, ILogger<AlertService> logger)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _notifier = notifier ?? throw new ArgumentNullException(nameof(notifier));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        if (options.AdminChatIds.Count == 0)
            throw new ArgumentException("Alerts need at least one admin chat id.", nameof(options));
        _table = tables.GetTable(TableName);
    }

    /// <summary>
    /// Evaluates alert <paramref name="key"/> with its condition now <paramref name="active"/>; <paramref name="summary"/>
    /// (plain text, escaped here) says what is wrong or, when clearing, what is now true. Returns what this call sent.
    /// </summary>
    public async Task<AlertAction> EvaluateAsync(string key, bool active, string summary, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(summary);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var row = await _table.GetAsync(Partition, key, cancellationToken: cancellationToken).ConfigureAwait(false);
            var stored = row is null ? null : ReadState(row);
            var now = _time.GetUtcNow();
            if (row is not null && ReadPending(row) is { } leftOver)
            {
                // Another evaluation stored this message and is (or was) delivering it. While that may still be under
                // way, decide nothing new; once it is surely over, finish its job (the dedupe keys absorb a repeat).
                if (now - leftOver.StoredAt < PendingTakeoverAfter)
                    return AlertAction.None;
                await DeliverAsync(key, leftOver, cancellationToken).ConfigureAwait(false);
                _logger.LogWarning("Alert {AlertKey}: re-delivered a {AlertAction} left pending since {PendingSince:O}", key, leftOver.Action, leftOver.StoredAt);
                if (!await TryWriteAsync(key, stored!, null, row.ETag, cancellationToken).ConfigureAwait(false))
                    continue;
                row = await _table.GetAsync(Partition, key, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            var decision = AlertRules.Decide(active, stored, now, _options.Policy);
            if (decision.Action == AlertAction.None && decision.State == (stored ?? AlertState.Inactive))
                return AlertAction.None;

            var pending = decision.Action == AlertAction.None ? null : Compose(key, decision, stored, summary, now);
            var etag = await TryWriteWithETagAsync(key, decision.State, pending, row?.ETag, cancellationToken).ConfigureAwait(false);
            if (etag is null)
                continue;
            if (pending is null)
                return AlertAction.None;

            await DeliverAsync(key, pending, cancellationToken).ConfigureAwait(false);
            await TryWriteAsync(key, decision.State, null, etag, cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Alert {AlertKey}: {AlertAction} sent to {AdminCount} admin chat(s)", key, decision.Action, _options.AdminChatIds.Count);
            return decision.Action;
        }
        throw new InvalidOperationException($"Alert {key}: the state row kept changing under {MaxAttempts} attempts; giving up this evaluation.");
    }

    /// <summary>The stored state of <paramref name="key"/>, or null if it was never evaluated.</summary>
    public async Task<AlertState?> GetStateAsync(string key, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var row = await _table.GetAsync(Partition, key, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row is null ? null : ReadState(row);
    }

    /// <summary>Creates the table once; a failed attempt is retried on the next call instead of being remembered.</summary>
    private Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        var ready = _tableReady;
        if (ready is null || ready.IsFaulted || ready.IsCanceled)
            _tableReady = ready = _table.CreateIfNotExistsAsync(CancellationToken.None);
        return ready.WaitAsync(cancellationToken);
    }

    private sealed record PendingMessage(AlertAction Action, DateTimeOffset RaisedAt, string Html, DateTimeOffset StoredAt)
    {
        public string DedupeKey(string key) => $"alert:{key}:{RaisedAt.ToUnixTimeMilliseconds()}:{Action.ToString().ToLowerInvariant()}";
    }

    private static PendingMessage Compose(string key, AlertDecision decision, AlertState? stored, string summary, DateTimeOffset now)
    {
        var text = WebUtility.HtmlEncode(summary);
        var code = $"<code>{WebUtility.HtmlEncode(key)}</code>";
        return decision.Action switch
        {
            AlertAction.Raise => new(AlertAction.Raise, decision.State.RaisedAt!.Value, $"🚨 <b>Alert</b> {code}\n{text}", now),
            AlertAction.Escalate => new(AlertAction.Escalate, decision.State.RaisedAt!.Value,
                $"🔺 <b>Still failing</b> {code} for {Duration(now - decision.State.Since!.Value)}\n{text}", now),
            AlertAction.Recover => new(AlertAction.Recover, stored!.RaisedAt!.Value,
                $"✅ <b>Recovered</b> {code} after {Duration(now - stored.Since!.Value)}\n{text}", now),
            _ => throw new ArgumentOutOfRangeException(nameof(decision), decision.Action, "Nothing to compose."),
        };
    }

    private async Task DeliverAsync(string key, PendingMessage pending, CancellationToken cancellationToken)
    {
        foreach (var chat in _options.AdminChatIds)
            await _notifier.EnqueueAsync(new OutboundMessage(chat, pending.DedupeKey(key), pending.Html), cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> TryWriteAsync(string key, AlertState state, PendingMessage? pending, string? etag, CancellationToken cancellationToken)
        => await TryWriteWithETagAsync(key, state, pending, etag, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>Inserts (no row yet) or replaces the row if it still has <paramref name="etag"/>; null if someone else got there first.</summary>
    private async Task<string?> TryWriteWithETagAsync(string key, AlertState state, PendingMessage? pending, string? etag, CancellationToken cancellationToken)
    {
        var entity = ToEntity(key, state, pending);
        try
        {
            return etag is null
                ? await _table.InsertAsync(entity, cancellationToken).ConfigureAwait(false)
                : await _table.UpdateAsync(entity, etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (TableConcurrencyException)
        {
            return null;
        }
        catch (TableStorageException ex) when (ex.Status == HttpStatusCode.Conflict)
        {
            return null;
        }
    }

    private static TableRow ToEntity(string key, AlertState state, PendingMessage? pending)
    {
        var entity = new TableRow(Partition, key).Set("Active", state.Active).Set("Escalated", state.Escalated);
        if (state.Since is { } since) entity.Set("Since", since);
        if (state.RaisedAt is { } raisedAt) entity.Set("RaisedAt", raisedAt);
        if (state.LastRaiseSentAt is { } last) entity.Set("LastRaiseSentAt", last);
        if (pending is not null)
        {
            entity.Set("PendingAction", pending.Action.ToString()).Set("PendingRaisedAt", pending.RaisedAt).Set("PendingHtml", pending.Html)
                .Set("PendingStoredAt", pending.StoredAt);
        }
        return entity;
    }

    private static AlertState ReadState(TableRow row) => new(
        row.GetBoolean("Active"),
        Optional(row, "Since"),
        Optional(row, "RaisedAt"),
        row.GetBoolean("Escalated"),
        Optional(row, "LastRaiseSentAt"));

    private static PendingMessage? ReadPending(TableRow row)
        => row.Contains("PendingAction")
            ? new PendingMessage(Enum.Parse<AlertAction>(row.GetString("PendingAction")), row.GetDateTimeOffset("PendingRaisedAt"), row.GetString("PendingHtml"), row.GetDateTimeOffset("PendingStoredAt"))
            : null;

    private static DateTimeOffset? Optional(TableRow row, string name) => row.Contains(name) ? row.GetDateTimeOffset(name) : null;

    private static string Duration(TimeSpan span)
        => span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min"
            : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s"
            : $"{(int)span.TotalSeconds} s";

    private static void ValidateKey(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (key.Length > 200)
            throw new ArgumentException($"Alert key is {key.Length} characters; at most 200 are allowed.", nameof(key));
        TableNames.ValidateKey(key, "alert key");
    }
}
