using System.Collections.Concurrent;
using System.Globalization;
using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using ChainTrader.Application.Storage;
using ChainTrader.Application.Telemetry;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Operations;

/// <summary>
/// Counts of operational events (latency samples and how many were slow, RPC and Telegram errors, logged exceptions,
/// order rejections) in 10-second buckets. Each instance counts in memory and writes its buckets to the
/// <c>OpsSignals</c> table (partition = bucket start, row = instance), one row per instance and bucket, replaced with
/// the running totals, so a write is idempotent and instances never contend. The alert sweep, on whichever instance
/// the timer fires, sums every instance's rows over a window: an alert is about the deployment, not one instance.
/// </summary>
/// <remarks>Storage is resolved on first write or read: the exception counter is a logging provider, built before the storage client can be.</remarks>
public sealed class OperationalSignals(Func<AppTables> tables, TimeProvider clock, IOptions<TelemetryOptions> telemetry)
{
    public const string TableName = "OpsSignals";
    public static readonly TimeSpan BucketLength = TimeSpan.FromSeconds(10);

    /// <summary>Buckets older than this are dropped from memory once written.</summary>
    private static readonly TimeSpan MemoryRetention = TimeSpan.FromMinutes(5);

    private static readonly SignalKind[] Kinds = Enum.GetValues<SignalKind>();

    private readonly ConcurrentDictionary<long, Bucket> _buckets = new();
    private readonly SemaphoreSlim _flush = new(1, 1);
    private readonly SemaphoreSlim _recorded = new(0, 1);

    /// <summary>This instance's row key: unique per process start, so a restarted instance never overwrites its predecessor's counts.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    public void Record(SignalKind kind, long count = 1)
    {
        if (count <= 0) return;
        var bucket = _buckets.GetOrAdd(BucketOf(clock.GetUtcNow()), _ => new Bucket());
        Interlocked.Add(ref bucket.Counts[(int)kind], count);
        Interlocked.Increment(ref bucket.Version);
        if (_recorded.CurrentCount == 0)
        {
            try { _recorded.Release(); }
            catch (SemaphoreFullException) { } // another recorder woke the writer first
        }
    }

    /// <summary>Completes once something was recorded since the last call: an idle instance writes nothing and arms no timer.</summary>
    public Task WaitForRecordAsync(CancellationToken cancellationToken) => _recorded.WaitAsync(cancellationToken);

    /// <summary>A webhook answer or RPC exchange; at or over LATENCY_WARN_MS it also counts as slow.</summary>
    public void RecordLatency(SignalKind samples, SignalKind slow, TimeSpan elapsed)
    {
        Record(samples);
        if (elapsed >= telemetry.Value.LatencyWarnThreshold) Record(slow);
    }

    /// <summary>Writes every bucket changed since its last write.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flush.WaitAsync(cancellationToken);
        try
        {
            EntityTable? table = null;
            var oldest = BucketOf(clock.GetUtcNow() - MemoryRetention);
            foreach (var (start, bucket) in _buckets.OrderBy(b => b.Key))
            {
                var version = Volatile.Read(ref bucket.Version);
                if (version != bucket.WrittenVersion)
                {
                    table ??= await tables().GetAsync(TableName, cancellationToken);
                    var entity = new TableRow(PartitionOf(start), InstanceId);
                    foreach (var kind in Kinds) entity.Set(kind.ToString(), Interlocked.Read(ref bucket.Counts[(int)kind]));
                    await table.UpsertAsync(entity, TableUpdateMode.Replace, cancellationToken);
                    bucket.WrittenVersion = version;
                }
                if (start < oldest && Volatile.Read(ref bucket.Version) == bucket.WrittenVersion)
                    _buckets.TryRemove(start, out _);
            }
        }
        finally
        {
            _flush.Release();
        }
    }

    /// <summary>Every instance's counts over the last <paramref name="window"/> (whole buckets, the current one included), after writing this instance's own.</summary>
    public async Task<SignalTotals> ReadAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var from = BucketOf(now - window + BucketLength);
        var table = await tables().GetAsync(TableName, cancellationToken);
        var totals = Kinds.ToDictionary(k => k, _ => 0L);
        var filter = TableFilter.GreaterThanOrEqual("PartitionKey", PartitionOf(from))
            .And(TableFilter.LessThanOrEqual("PartitionKey", PartitionOf(BucketOf(now))));
        await foreach (var row in table.QueryAsync(filter, cancellationToken: cancellationToken))
        {
            foreach (var kind in Kinds)
                if (row.Contains(kind.ToString())) totals[kind] += row.GetInt64(kind.ToString());
        }
        return new SignalTotals(totals, window);
    }

    /// <summary>Deletes every instance's rows of buckets that started before <paramref name="cutoff"/> (Housekeeping).</summary>
    public async Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var table = await tables().GetAsync(TableName, cancellationToken);
        var old = new List<TableRow>();
        await foreach (var row in table.QueryAsync(TableFilter.LessThan("PartitionKey", PartitionOf(BucketOf(cutoff))), ["PartitionKey"], cancellationToken: cancellationToken))
            old.Add(row);
        var deleted = 0;
        foreach (var row in old)
            if (await table.DeleteAsync(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken)) deleted++;
        return deleted;
    }

    private static long BucketOf(DateTimeOffset at)
    {
        var seconds = at.ToUnixTimeSeconds();
        return seconds - seconds % (long)BucketLength.TotalSeconds;
    }

    /// <summary>Fixed-width so that string order is time order.</summary>
    private static string PartitionOf(long bucketStart) => bucketStart.ToString("D12", CultureInfo.InvariantCulture);

    private sealed class Bucket
    {
        public readonly long[] Counts = new long[Kinds.Length];
        public int Version;
        public int WrittenVersion;
    }
}
