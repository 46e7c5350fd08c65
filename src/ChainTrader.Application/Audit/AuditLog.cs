using System.Globalization;
using ChainTrader.Adapters.Storage;
using ChainTrader.Application.Dedupe;
using ChainTrader.Application.Storage;

namespace ChainTrader.Application.Audit;

/// <summary>
/// The Audit table: partition yyyyMMdd (UTC), row = inverted ticks + cause, so a day's newest events read first.
/// One event per (cause, action): the row's keys are reserved in the Dedupe table before it is written, so a re-run of
/// the same update writes the same row again (insert-if-absent) instead of a second one.
/// </summary>
public sealed class AuditLog(AppTables tables, DedupeStore dedupe, ConfigurationFingerprint fingerprint, TimeProvider clock)
{
    public const string TableName = "Audit";
    private const string ReservationKind = "audit";

    public async Task<AuditRecord> RecordAsync(AuditEvent audit, CancellationToken cancellationToken)
    {
        var reservationKey = $"{audit.Cause}:{audit.Action}";
        var now = clock.GetUtcNow();
        var proposed = new AuditRecord(now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            $"{DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks:D19}-{audit.Cause}", now);
        var record = proposed;
        if (!await dedupe.TryAddAsync(ReservationKind, reservationKey, cancellationToken, row => row
                .Set("AuditPartition", proposed.PartitionKey).Set("AuditRow", proposed.RowKey).Set("AuditAt", proposed.At)))
        {
            var reserved = await dedupe.GetAsync(ReservationKind, reservationKey, cancellationToken)
                           ?? throw new InvalidOperationException($"Audit reservation {reservationKey} vanished between insert and read.");
            record = new AuditRecord(reserved.GetString("AuditPartition"), reserved.GetString("AuditRow"), reserved.GetDateTimeOffset("AuditAt"));
        }

        var entity = new TableRow(record.PartitionKey, record.RowKey)
            .Set("At", record.At)
            .Set("ActorUserId", audit.ActorUserId)
            .Set("ActorRole", audit.ActorRole.ToString())
            .Set("Action", audit.Action)
            .Set("Outcome", audit.Outcome)
            .Set("Cause", audit.Cause)
            .Set("TraceId", audit.TraceId)
            .Set("ConfigHash", fingerprint.Hash);
        if (audit.Before is not null) entity.Set("Before", audit.Before);
        if (audit.After is not null) entity.Set("After", audit.After);
        if (audit.Detail is not null) entity.Set("Detail", audit.Detail);
        var table = await tables.GetAsync(TableName, cancellationToken);
        await table.TryInsertAsync(entity, cancellationToken);
        return record;
    }

    /// <summary>The events of one UTC day, newest first.</summary>
    public async Task<IReadOnlyList<TableRow>> ReadDayAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var events = new List<TableRow>();
        await foreach (var entity in table.QueryAsync(TableFilter.PartitionKeyEquals(day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)), cancellationToken: cancellationToken))
            events.Add(entity);
        return events;
    }
}
