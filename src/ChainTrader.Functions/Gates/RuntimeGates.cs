using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Risk;
using ChainTrader.Core.Trades;
using ChainTrader.Functions.Configuration;
using ChainTrader.Functions.Dedupe;
using ChainTrader.Functions.Storage;
using Microsoft.Extensions.Options;

namespace ChainTrader.Functions.Gates;

/// <summary>One gate's stored value and who last set it (null fields: never set, the default applies).</summary>
public sealed record GateState(string Value, long? ChangedBy, DateTimeOffset? ChangedAt, string? Reason);

/// <summary>The runtime gates as one instance last read them.</summary>
public sealed record RuntimeGateSnapshot(
    ExecutionMode Mode,
    bool EmergencyStop,
    bool MaintenanceMode,
    DateTimeOffset ReadAt,
    IReadOnlyDictionary<Gate, GateState> Details)
{
    /// <summary>True while no new trade may open.</summary>
    public bool TradingHalted => EmergencyStop || MaintenanceMode;

    /// <summary>The gates as the risk engine's <see cref="RiskContext"/> takes them.</summary>
    public Core.Risk.GateState ForRisk() => new(Mode, EmergencyStop, MaintenanceMode);
}

/// <summary>The outcome of a gate write: the value before and after, and whether this cause had already applied it.</summary>
public sealed record GateChangeResult(Gate Gate, string Before, string After, bool AlreadyApplied)
{
    public bool Changed => Before != After;
}

/// <summary>
/// The shared runtime switches (execution mode, emergency stop, maintenance mode). The risk engine calls
/// <see cref="CurrentAsync"/> before every trade; admin commands call <see cref="ApplyAsync"/>.
/// </summary>
public interface IRuntimeGates
{
    /// <summary>
    /// The gates as of at most one poll interval ago (GATES_POLL_INTERVAL_S), so every instance sees a change within one
    /// poll. Throws when storage cannot be read and no fresh copy exists: callers must fail closed.
    /// </summary>
    Task<RuntimeGateSnapshot> CurrentAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Sets one gate, keyed by its cause (e.g. "update:123"): re-running the same cause changes nothing and reports
    /// the original before/after. Authorisation is the caller's job (<see cref="GateRules"/>).
    /// </summary>
    Task<GateChangeResult> ApplyAsync(GateChange change, long actorUserId, string cause, string? reason, CancellationToken cancellationToken);
}

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
            WriteThrough(change.Gate, new GateState(change.Value, actorUserId, now, reason));
            return new GateChangeResult(change.Gate, before, change.Value, AlreadyApplied: false);
        }
    }

    private bool IsFresh(RuntimeGateSnapshot? snapshot) => snapshot is not null && clock.GetUtcNow() - snapshot.ReadAt < PollInterval;

    private void WriteThrough(Gate gate, GateState state)
    {
        lock (_cacheLock)
        {
            _writes++;
            if (_cached is not { } cached) return;
            var details = new Dictionary<Gate, GateState>(cached.Details) { [gate] = state };
            _cached = Snapshot(details, cached.ReadAt);
        }
    }

    private GateState Default(Gate gate) => gate switch
    {
        Gate.ExecutionMode => new GateState(InitialMode().ToSettingValue(), null, null, null),
        _ => new GateState("false", null, null, null),
    };

    private ExecutionMode InitialMode() =>
        ExecutionModes.TryParse(options.Value.ExecutionMode, out var mode) ? mode : ExecutionMode.DryRun;

    private static GateState StateOf(TableRow row) => new(
        row.GetString("Value"),
        row.Contains("ChangedBy") ? row.GetInt64("ChangedBy") : null,
        row.Contains("ChangedAt") ? row.GetDateTimeOffset("ChangedAt") : null,
        row.Contains("Reason") ? row.GetString("Reason") : null);

    /// <summary>An unreadable stored value fails safe: the most careful mode and halted trading.</summary>
    private static RuntimeGateSnapshot Snapshot(IReadOnlyDictionary<Gate, GateState> details, DateTimeOffset readAt) => new(
        ExecutionModes.TryParse(details[Gate.ExecutionMode].Value, out var mode) ? mode : ExecutionMode.DryRun,
        details[Gate.EmergencyStop].Value != "false",
        details[Gate.MaintenanceMode].Value != "false",
        readAt,
        details);
}
