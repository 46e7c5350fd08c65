using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Telegram;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Notifications;

/// <summary>
/// The overall send budget, shared by every instance through the OutboxRate table:
/// <list type="bullet">
/// <item>Slots: second s has <c>GlobalPerSecond</c> slots spaced evenly (see <see cref="GlobalSendSlot"/>); a sender
/// claims one by inserting its row (insert-if-absent, so exactly one instance wins it) and sends from its start.
/// Each instance remembers the next slot it has not seen taken, so an uncontended claim is one insert.</item>
/// <item>Flood pause: when Telegram answers 429 for two different chats within <see cref="FloodCorrelation"/>, the flood is
/// taken as global and every instance pauses until retry_after has passed (the pause row is read at most once a second).</item>
/// </list>
/// </summary>
public sealed class GlobalSendRate(OutboxTables tables, TimeProvider clock, IOptions<TelegramDeliveryOptions> options, ILogger<GlobalSendRate> logger)
{
    private const string FloodPartition = "flood";
    private const string FloodRow = "global";
    private static readonly TimeSpan FloodCorrelation = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PauseCacheTime = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private readonly string _owner = Guid.NewGuid().ToString("N");
    private GlobalSendSlot _nextCandidate;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _pauseReadAt = DateTimeOffset.MinValue;

    private TelegramDeliveryOptions Options => options.Value;
    private int PerSecond => Options.Limits.GlobalPerSecond;

    /// <summary>Waits out a global flood pause, claims the next free slot and waits until it opens. Never gives up.</summary>
    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        while (true)
        {
            await WaitOutPauseAsync(cancellationToken);
            var now = clock.GetUtcNow();
            GlobalSendSlot candidate;
            lock (_gate)
            {
                var current = GlobalSendSlot.At(now, PerSecond);
                candidate = _nextCandidate.CompareTo(current) > 0 ? _nextCandidate : current;
                if (candidate.Start(PerSecond) - now <= Options.SlotHorizon)
                    _nextCandidate = candidate.Next(PerSecond);
            }
            var opens = candidate.Start(PerSecond);
            if (opens - now > Options.SlotHorizon)
            {
                // Every slot up to the horizon is taken: wait until the candidate is within reach, then look again.
                await Task.Delay(opens - now - Options.SlotHorizon + TimeSpan.FromMilliseconds(1), clock, cancellationToken);
                continue;
            }
            var row = new TableRow(candidate.PartitionKey, candidate.RowKey).Set("Owner", _owner);
            if (!await tables.Rate.TryInsertAsync(row, cancellationToken))
                continue; // another instance has it; _nextCandidate already moved past it
            var wait = opens - clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, clock, cancellationToken);
            return;
        }
    }

    /// <summary>
    /// Tells the shared state that Telegram answered 429 for <paramref name="chatId"/>. A second chat throttled within
    /// two seconds of the first means the flood is global: every instance then pauses for <paramref name="retryAfter"/>.
    /// </summary>
    public async Task ReportRateLimitedAsync(long chatId, TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var flood = await tables.Rate.GetAsync(FloodPartition, FloodRow, cancellationToken: cancellationToken);
        var global = flood is not null
                     && flood.Contains("LastChat") && flood.GetInt64("LastChat") != chatId
                     && flood.Contains("LastAt") && now - flood.GetDateTimeOffset("LastAt") <= FloodCorrelation;
        var pausedUntil = flood?.Contains("PausedUntil") == true ? flood.GetDateTimeOffset("PausedUntil") : TableRow.MinDateTime;
        if (global && now + retryAfter > pausedUntil)
        {
            pausedUntil = now + retryAfter;
            logger.LogWarning("Telegram throttles several chats at once: all instances pause sending for {RetryAfterSeconds} s", retryAfter.TotalSeconds);
        }
        var update = new TableRow(FloodPartition, FloodRow).Set("LastChat", chatId).Set("LastAt", now).Set("PausedUntil", pausedUntil);
        await tables.Rate.UpsertAsync(update, TableUpdateMode.Merge, cancellationToken);
        lock (_gate)
        {
            _pausedUntil = pausedUntil;
            _pauseReadAt = now;
        }
    }

    /// <summary>Deletes slot rows older than the retention (Housekeeping calls this); returns how many it deleted.</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var cutoff = clock.GetUtcNow() - Options.SlotRetention;
        var filter = TableFilter.GreaterThanOrEqual("PartitionKey", "g")
            .And(TableFilter.LessThan("PartitionKey", GlobalSendSlot.PartitionKeyOf(cutoff.ToUnixTimeSeconds())));
        var expired = new List<TableRow>();
        await foreach (var row in tables.Rate.QueryAsync(filter, select: ["PartitionKey"], cancellationToken: cancellationToken))
            expired.Add(row);

        var deleted = 0;
        foreach (var second in expired.GroupBy(r => r.PartitionKey))
        {
            try
            {
                var actions = second.Select(r => TableBatchAction.Delete(r.PartitionKey, r.RowKey)).ToArray();
                foreach (var chunk in actions.Chunk(EntityTable.MaxBatchActions))
                    await tables.Rate.SubmitBatchAsync(chunk, cancellationToken);
                deleted += actions.Length;
            }
            catch (TableBatchFailedException)
            {
                // Another instance's housekeeping got some of them first: delete what is left one by one.
                foreach (var row in second)
                    if (await tables.Rate.DeleteAsync(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken)) deleted++;
            }
        }
        return deleted;
    }

    private async Task WaitOutPauseAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = clock.GetUtcNow();
            DateTimeOffset pausedUntil;
            bool stale;
            lock (_gate)
            {
                pausedUntil = _pausedUntil;
                stale = now - _pauseReadAt >= PauseCacheTime;
            }
            if (stale)
            {
                    var flood = await tables.Rate.GetAsync(FloodPartition, FloodRow, ["PausedUntil"], cancellationToken);
                pausedUntil = flood?.Contains("PausedUntil") == true ? flood.GetDateTimeOffset("PausedUntil") : DateTimeOffset.MinValue;
                lock (_gate)
                {
                    _pausedUntil = pausedUntil;
                    _pauseReadAt = now;
                }
            }
            if (pausedUntil <= now) return;
            await Task.Delay(pausedUntil - now, clock, cancellationToken);
        }
    }
}
