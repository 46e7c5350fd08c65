using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Configuration;
using ChainTrader.Application.Storage;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Gates;

/// <summary>
/// <see cref="IRuntimeGates"/> over the RuntimeGates table (partition "gates", one row per gate, ETag-guarded). Each
/// instance keeps the last snapshot for one poll interval and re-reads lazily after that; its own writes go through
/// to the cache at once, and a read that overlapped one of them is not cached (it may predate the write).
/// </summary>
public sealed class TableRuntimeGates(AppTables tables, TimeProvider clock, IOptions<ChainTraderOptions> options) : IRuntimeGates
{
    public const string TableName = "RuntimeGates";
    public const string Partition = "gates";

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly Lock _cacheLock = new();
    private volatile RuntimeGateSnapshot? _cached;
    private long _writes;

    public static string RowKeyOf(Gate gate) => gate switch
    {
        Gate.ExecutionMode => "execution_mode",
        Gate.EmergencyStop => "emergency_stop",
        Gate.MaintenanceMode => "maintenance_mode",
        _ => throw new ArgumentOutOfRangeException(nameof(gate), gate, "Unknown gate."),
    };

    private TimeSpan PollInterval => TimeSpan.FromSeconds(options.Value.GatesPollIntervalSeconds);

    public async Task<RuntimeGateSnapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } cached && IsFresh(cached)) return cached;
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                long writesBefore;
                lock (_cacheLock)
                {
                    // Another caller may have refreshed while this one waited.
                    if (IsFresh(_cached)) return _cached!;
                    writesBefore = _writes;
                }
                var table = await tables.GetAsync(TableName, cancellationToken);
                var rows = new Dictionary<string, TableRow>(StringComparer.Ordinal);
                await foreach (var row in table.QueryAsync(TableFilter.PartitionKeyEquals(Partition), cancellationToken: cancellationToken))
                    rows[row.RowKey] = row;
                var details = Enum.GetValues<Gate>().ToDictionary(g => g, g => rows.TryGetValue(RowKeyOf(g), out var row) ? StateOf(row) : Default(g));
                lock (_cacheLock)
                {
                    // This instance changed a gate while the rows were read: they may be older than that change, so
                    // caching them would undo the write-through (for a whole poll interval). Read again.
                    if (_writes != writesBefore) continue;
                    return _cached = Snapshot(details, clock.GetUtcNow());
                }
            }
        }
        finally
        {
            _refresh.Release();
        }
    }

    public async Task<GateChangeResult> ApplyAsync(GateChange change, long actorUserId, string cause, string? reason, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var rowKey = RowKeyOf(change.Gate);
        while (true)
        {
            var current = await table.GetAsync(Partition, rowKey, cancellationToken: cancellationToken);
            if (current is not null && current.Contains("Cause") && current.GetString("Cause") == cause)
                return new GateChangeResult(change.Gate, current.GetString("PreviousValue"), current.GetString("Value"), AlreadyApplied: true);

            var before = current is null ? Default(change.Gate).Value : current.GetString("Value");
            var now = clock.GetUtcNow();
            var entity = new TableRow(Partition, rowKey)
                .Set("Value", change.Value)
                .Set("PreviousValue", before)
                .Set("ChangedBy", actorUserId)
                .Set("ChangedAt", now)
                .Set("Cause", cause);
            if (reason is not null) entity.Set("Reason", reason);
            try
            {
                if (current is null)
                {
                    if (!await table.TryInsertAsync(entity, cancellationToken)) continue; // someone else created it: decide again
                }
                else
                {
                    await table.UpdateAsync(entity, current.ETag!, TableUpdateMode.Replace, cancellationToken);
                }
            }
            catch (TableConcurrencyException)
            {
                continue; // changed under us (412): re-read and decide again
            }
            WriteThrough(change.Gate, new StoredGate(change.Value, actorUserId, now, reason));
            return new GateChangeResult(change.Gate, before, change.Value, AlreadyApplied: false);
        }
    }

    private bool IsFresh(RuntimeGateSnapshot? snapshot) => snapshot is not null && clock.GetUtcNow() - snapshot.ReadAt < PollInterval;

    private void WriteThrough(Gate gate, StoredGate state)
    {
        lock (_cacheLock)
        {
            _writes++;
            if (_cached is not { } cached) return;
            var details = new Dictionary<Gate, StoredGate>(cached.Details) { [gate] = state };
            _cached = Snapshot(details, cached.ReadAt);
        }
    }

    private StoredGate Default(Gate gate) => gate switch
    {
        Gate.ExecutionMode => new StoredGate(InitialMode().ToSettingValue(), null, null, null),
        _ => new StoredGate("false", null, null, null),
    };

    private ExecutionMode InitialMode() =>
        ExecutionModes.TryParse(options.Value.ExecutionMode, out var mode) ? mode : ExecutionMode.DryRun;

    private static StoredGate StateOf(TableRow row) => new(
        row.GetString("Value"),
        row.Contains("ChangedBy") ? row.GetInt64("ChangedBy") : null,
        row.Contains("ChangedAt") ? row.GetDateTimeOffset("ChangedAt") : null,
        row.Contains("Reason") ? row.GetString("Reason") : null);

    /// <summary>An unreadable stored value fails safe: the most careful mode and halted trading.</summary>
    private static RuntimeGateSnapshot Snapshot(IReadOnlyDictionary<Gate, StoredGate> details, DateTimeOffset readAt) => new(
        ExecutionModes.TryParse(details[Gate.ExecutionMode].Value, out var mode) ? mode : ExecutionMode.DryRun,
        details[Gate.EmergencyStop].Value != "false",
        details[Gate.MaintenanceMode].Value != "false",
        readAt,
        details);
}
