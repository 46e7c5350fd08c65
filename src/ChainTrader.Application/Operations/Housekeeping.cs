using System.Net;
using Azure.Data.Tables;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Storage;
using ChainTrader.Application.Dedupe;
using ChainTrader.Application.Notifications;
using ChainTrader.Application.Oracles;
using ChainTrader.Application.Storage;

namespace ChainTrader.Application.Operations;

/// <summary>
/// The Housekeeping timer's work, each job when it is due (its last run is claimed in the <c>Housekeeping</c> table
/// with an ETag, so of several instances exactly one runs it):
/// <list type="bullet">
/// <item>cleanup, hourly: expired Dedupe keys, sent/failed Outbox rows past OUTBOX_RETENTION_DAYS, used OutboxRate slots,
/// OracleSnapshots history rows last written more than ORACLE_SNAPSHOT_RETENTION_H ago, old OpsSignals rows;</item>
/// <item>reconciliation, every RECONCILIATION_INTERVAL seconds: on-chain balances of the signer wallet against the
/// ledger (<see cref="BalanceReconciler"/>); the alert sweep raises a mismatch.</item>
/// </list>
/// A failing job is logged and does not stop the others.
/// </summary>
public sealed class Housekeeping(
    AppTables tables,
    DedupeStore dedupe,
    OutboxTables outbox,
    GlobalSendRate sendRate,
    OperationalSignals signals,
    BalanceReconciler reconciler,
    Func<string, IRpcChannel> rpcFor,
    ILedgerBalanceSource? ledger,
    OperationsOptions options,
    TimeProvider clock,
    ILogger<Housekeeping> logger)
{
    public const string TableName = "Housekeeping";
    public const string CleanupJob = "cleanup";
    public const string ReconciliationJob = "reconciliation";
    public static readonly TimeSpan CleanupInterval = TimeSpan.FromHours(1);

    /// <summary>The timer fires each minute on the minute; a job is due this much early so it does not slip a minute each time.</summary>
    public static readonly TimeSpan Slack = TimeSpan.FromSeconds(30);

    private const string Partition = "jobs";

    public async Task<HousekeepingReport> RunDueAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        if (await TryClaimAsync(CleanupJob, CleanupInterval, cancellationToken))
        {
            var now = clock.GetUtcNow();
            await StepAsync(lines, "expired dedupe keys", () => dedupe.DeleteExpiredAsync(cancellationToken));
            await StepAsync(lines, "finished outbox rows", () => outbox.DeleteFinishedBeforeAsync(now - options.OutboxRetention, cancellationToken));
            await StepAsync(lines, "used send-rate slots", () => sendRate.DeleteExpiredAsync(cancellationToken));
            await StepAsync(lines, "oracle snapshots", () => DeleteOracleHistoryBeforeAsync(now - options.OracleSnapshotRetention, cancellationToken));
            await StepAsync(lines, "signal rows", () => signals.DeleteBeforeAsync(now - options.LongestSignalWindow - CleanupInterval, cancellationToken));
        }
        else
        {
            lines.Add("cleanup: not due");
        }

        var off = ledger is null ? $"no {nameof(ILedgerBalanceSource)}: the trade ledger is not part of this deployment" : ledger.Unavailable;
        if (off is not null)
            lines.Add($"reconciliation: off ({off})");
        else if (await TryClaimAsync(ReconciliationJob, options.ReconciliationInterval, cancellationToken))
            await ReconcileAsync(lines, cancellationToken);
        else
            lines.Add("reconciliation: not due");
        return new HousekeepingReport(lines);
    }

    private async Task ReconcileAsync(List<string> lines, CancellationToken cancellationToken)
    {
        try
        {
            var balances = await ledger!.ExpectedBalancesAsync(cancellationToken);
            foreach (var deferred in balances.Deferred)
            {
                lines.Add($"reconciliation {deferred.Chain}: skipped, {deferred.Reason}");
                logger.LogInformation("Reconciliation of {Chain} skipped: {Reason}", deferred.Chain, deferred.Reason);
            }
            // A skipped chain is retried at the next run (a minute later), not a whole interval later.
            if (balances.Deferred.Count > 0) await ReleaseClaimAsync(ReconciliationJob, cancellationToken);
            var results = await reconciler.ReconcileAsync(balances.Expected, rpcFor, options.ReconciliationToleranceBps, cancellationToken);
            foreach (var result in results)
            {
                lines.Add($"reconciliation {result.Chain} at block {result.Block}: {result.Checked} balances, {result.Mismatches.Count} mismatched");
                foreach (var mismatch in result.Mismatches)
                    logger.LogWarning("Reconciliation mismatch on {Chain}: {Mismatch}", result.Chain, mismatch.Describe());
            }
            if (results.Count == 0 && balances.Deferred.Count == 0) lines.Add("reconciliation: the ledger expects no balances");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Housekeeping: reconciliation failed");
            lines.Add($"reconciliation: failed ({ex.Message})");
        }
    }

    private async Task StepAsync(List<string> lines, string what, Func<Task<int>> step)
    {
        try
        {
            lines.Add($"{what}: deleted {await step()}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Housekeeping: deleting {What} failed", what);
            lines.Add($"{what}: failed ({ex.Message})");
        }
    }

    /// <summary>
    /// Deletes oracle snapshot history rows last written before the cutoff. Each symbol's "latest" row stays: the oracle
    /// judges its age itself, and a stale latest row is what makes a silent oracle fail closed.
    /// </summary>
    public async Task<int> DeleteOracleHistoryBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(OracleSnapshotStore.TableName, cancellationToken);
        var old = new List<TableRow>();
        var filter = TableFilter.LessThan("Timestamp", cutoff).And(TableFilter.NotEqual("RowKey", OracleSnapshotStore.LatestRowKey));
        await foreach (var row in table.QueryAsync(filter, ["PartitionKey"], cancellationToken: cancellationToken))
            old.Add(row);
        var deleted = 0;
        foreach (var row in old)
        {
            try
            {
                // The ETag keeps a row rewritten since the query (now fresh again) from being deleted.
                if (await table.DeleteAsync(row.PartitionKey, row.RowKey, row.ETag ?? "*", cancellationToken)) deleted++;
            }
            catch (TableConcurrencyException)
            {
            }
        }
        return deleted;
    }

    /// <summary>Forgets <paramref name="job"/>'s last run, so the next Housekeeping run finds it due.</summary>
    private async Task ReleaseClaimAsync(string job, CancellationToken cancellationToken) =>
        await (await tables.GetAsync(TableName, cancellationToken)).DeleteAsync(Partition, job, cancellationToken: cancellationToken);

    /// <summary>True when <paramref name="job"/> is due and this call recorded its run (insert or ETag-guarded replace).</summary>
    private async Task<bool> TryClaimAsync(string job, TimeSpan interval, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var now = clock.GetUtcNow();
        var row = await table.GetAsync(Partition, job, cancellationToken: cancellationToken);
        if (row is not null && now - row.GetDateTimeOffset("LastRunAt") < interval - Slack)
            return false;
        var claim = new TableRow(Partition, job).Set("LastRunAt", now);
        try
        {
            if (row is null) return await table.TryInsertAsync(claim, cancellationToken);
            await table.UpdateAsync(claim, row.ETag!, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (TableConcurrencyException)
        {
            return false;
        }
        catch (TableStorageException ex) when (ex.Status == HttpStatusCode.Conflict)
        {
            return false;
        }
    }
}
