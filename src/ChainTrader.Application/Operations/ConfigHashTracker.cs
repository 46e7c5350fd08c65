using System.Net;
using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Telegram;
using ChainTrader.Application.Audit;
using ChainTrader.Application.Configuration;
using ChainTrader.Application.Notifications;
using ChainTrader.Application.Storage;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Operations;

/// <summary>
/// At start, compares the configuration hash with the last one stored in the <c>ConfigHistory</c> table (row
/// "config/current", which also keeps the canonical settings so the announcement can name what changed). A change is
/// logged, announced in the admin chat and stored. The announcement is enqueued before the row is replaced, with a
/// dedupe key derived from the old hash, the new hash and the change count, so instances starting together, or a
/// restart after a crash in between, announce it once.
/// </summary>
public sealed class ConfigHashTracker(
    AppTables tables,
    ConfigurationFingerprint fingerprint,
    INotifier notifier,
    IOptions<ChainTraderOptions> options,
    TimeProvider clock,
    ILogger<ConfigHashTracker> logger) : BackgroundService
{
    public const string TableName = "ConfigHistory";
    private const string Partition = "config";
    private const string Row = "current";
    private const int MaxAttempts = 5;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource<ConfigHashOutcome> _checked = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once this start's comparison is done (faults if storage never answered).</summary>
    public Task<ConfigHashOutcome> Checked => _checked.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Configuration hash {ConfigHash}", fingerprint.Hash);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _checked.TrySetResult(await CompareAsync(stoppingToken));
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested && attempt < MaxAttempts)
            {
                // Storage may be down at start; the process keeps serving /healthz and tries again.
                logger.LogWarning("Comparing the configuration hash failed ({Error}); retry {Attempt} in {Seconds} s", ex.Message, attempt, RetryDelay.TotalSeconds);
                try { await Task.Delay(RetryDelay, clock, stoppingToken); }
                catch (OperationCanceledException) { _checked.TrySetCanceled(stoppingToken); return; }
            }
            catch (Exception ex)
            {
                if (stoppingToken.IsCancellationRequested) _checked.TrySetCanceled(stoppingToken);
                else
                {
                    logger.LogError(ex, "Comparing the configuration hash failed {Attempts} times; a change at this start is not announced", attempt);
                    _checked.TrySetException(ex);
                }
                return;
            }
        }
    }

    public async Task<ConfigHashOutcome> CompareAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        while (true)
        {
            var stored = await table.GetAsync(Partition, Row, cancellationToken: cancellationToken);
            var previous = stored?.GetString("Hash");
            if (previous == fingerprint.Hash) return ConfigHashOutcome.Unchanged;

            var changes = stored is null ? 0 : stored.GetInt64("Changes") + 1;
            if (stored is not null)
            {
                var changed = Diff(stored.GetString("Canonical"), fingerprint.Canonical);
                logger.LogWarning("Configuration changed since the last start: hash {PreviousHash} -> {ConfigHash}; changed: {ChangedSettings}",
                    previous, fingerprint.Hash, string.Join(", ", changed.Select(c => c.Name)));
                await AnnounceAsync(previous!, changes, changed, cancellationToken);
            }

            var row = new TableRow(Partition, Row)
                .Set("Hash", fingerprint.Hash)
                .Set("Canonical", fingerprint.Canonical)
                .Set("Changes", changes)
                .Set("Since", clock.GetUtcNow());
            if (previous is not null) row.Set("PreviousHash", previous);
            try
            {
                if (stored is null)
                {
                    if (!await table.TryInsertAsync(row, cancellationToken)) continue;
                    logger.LogInformation("Configuration hash {ConfigHash} recorded (first start against this storage)", fingerprint.Hash);
                    return ConfigHashOutcome.FirstSeen;
                }
                await table.UpdateAsync(row, stored.ETag!, TableUpdateMode.Replace, cancellationToken);
                return ConfigHashOutcome.Changed;
            }
            catch (Exception ex) when (ex is TableConcurrencyException || ex is TableStorageException { Status: HttpStatusCode.Conflict })
            {
                // Another instance stored first; if it stored this same hash the next read says Unchanged.
            }
        }
    }

    private async Task AnnounceAsync(string previous, long changes, IReadOnlyList<(string Name, string? Before, string? After)> changed, CancellationToken cancellationToken)
    {
        var lines = changed.Take(20).Select(c => $"{c.Name}: {c.Before ?? "(absent)"} → {c.After ?? "(absent)"}").ToList();
        if (changed.Count > lines.Count) lines.Add($"… and {changed.Count - lines.Count} more (see /config)");
        var html = $"⚙️ <b>Configuration changed</b> at start\nHash <code>{previous[..16]}</code> → <code>{fingerprint.ShortHash}</code>\n"
                   + (lines.Count == 0 ? "" : $"<pre>{TelegramHtml.Escape(string.Join("\n", lines))}</pre>");
        var key = $"config:{previous[..16]}:{fingerprint.ShortHash}:{changes}";
        // Admin news goes to the admin chat, as alerts do (required whenever admins are named).
        if (options.Value.AdminChat() is { } adminChat)
            await notifier.EnqueueAsync(new OutboundMessage(adminChat, key, html), cancellationToken);
    }

    /// <summary>The non-secret settings whose value differs between two canonical texts, by name.</summary>
    public static IReadOnlyList<(string Name, string? Before, string? After)> Diff(string before, string after)
    {
        var old = Parse(before);
        var now = Parse(after);
        return old.Keys.Union(now.Keys).Order(StringComparer.Ordinal)
            .Where(name => old.GetValueOrDefault(name) != now.GetValueOrDefault(name))
            .Select(name => (name, old.GetValueOrDefault(name), now.GetValueOrDefault(name)))
            .ToList();

        static Dictionary<string, string> Parse(string canonical) =>
            canonical.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('=', 2))
                .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "", StringComparer.Ordinal);
    }
}
