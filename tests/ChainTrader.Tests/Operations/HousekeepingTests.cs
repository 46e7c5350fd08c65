using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Storage;
using ChainTrader.Application.Dedupe;
using ChainTrader.Application.Notifications;
using ChainTrader.Application.Operations;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChainTrader.Tests.Operations;

/// <summary>Housekeeping against Azurite: what each cleanup deletes and keeps, and that a due job runs once across instances.</summary>
[Collection(OperationsCollection.Name)]
public class HousekeepingTests(OperationsFixture fixture)
{
    private Housekeeping Create(TimeProvider clock, ILedgerBalanceSource? ledger = null, Func<string, IRpcChannel>? rpc = null)
    {
        var tables = fixture.Tables();
        var outbox = new OutboxTables(fixture.Service);
        return new Housekeeping(tables, new DedupeStore(tables, clock), outbox,
            new GlobalSendRate(outbox, clock, Options.Create(new TelegramDeliveryOptions()), NullLogger<GlobalSendRate>.Instance),
            new OperationalSignals(() => tables, clock, OperationsFixture.Telemetry()), new BalanceReconciler(tables, clock),
            rpc ?? (chain => throw new InvalidOperationException($"no RPC for {chain} in this test")), ledger, new OperationsOptions(), clock,
            NullLogger<Housekeeping>.Instance);
    }

    private async Task ResetJobsAsync()
    {
        var jobs = await fixture.Tables().GetAsync(Housekeeping.TableName, default);
        await jobs.DeleteAsync("jobs", Housekeeping.CleanupJob);
        await jobs.DeleteAsync("jobs", Housekeeping.ReconciliationJob);
    }

    [Fact]
    public async Task CleanupDeletesWhatIsExpiredAndKeepsEverythingElse()
    {
        await ResetJobsAsync();
        var now = DateTimeOffset.UtcNow;
        var tables = fixture.Tables();
        var kind = $"test{Guid.NewGuid():N}"[..20];

        var dedupe = await tables.GetAsync(DedupeStore.TableName, default);
        await dedupe.InsertAsync(new TableRow(kind, "expired").Set(DedupeStore.ExpiresAtProperty, now.AddMinutes(-1)));
        await dedupe.InsertAsync(new TableRow(kind, "live").Set(DedupeStore.ExpiresAtProperty, now.AddDays(6)));

        var outbox = new OutboxTables(fixture.Service);
        await outbox.EnsureCreatedAsync(default);
        var chat = OutboxTables.ChatKey(Random.Shared.NextInt64(1_000_000, 9_000_000_000));
        async Task Row(string key, OutboxStatus status, DateTimeOffset? sentAt = null, DateTimeOffset? failedAt = null)
        {
            var row = new TableRow(chat, key).Set("Status", status.ToString()).Set("Html", "x").Set("Sequence", 1L).Set("EnqueuedAt", now.AddDays(-30));
            if (sentAt is { } s) row.Set("SentAt", s);
            if (failedAt is { } f) row.Set("FailedAt", f);
            await outbox.Outbox.InsertAsync(row);
        }
        await Row("sent-old", OutboxStatus.Sent, sentAt: now.AddDays(-8));
        await Row("sent-recent", OutboxStatus.Sent, sentAt: now.AddDays(-6));
        await Row("failed-old", OutboxStatus.Failed, failedAt: now.AddDays(-8));
        await Row("pending-old", OutboxStatus.Pending);

        var snapshots = await tables.GetAsync(ChainTrader.Application.Oracles.OracleSnapshotStore.TableName, default);
        await snapshots.InsertAsync(new TableRow("ETH", $"snap-{Guid.NewGuid():N}").Set("Price", "3000.5"));

        var report = await Create(TimeProvider.System).RunDueAsync(default);

        Assert.Contains("expired dedupe keys: deleted 1", report.Lines);
        Assert.Contains("finished outbox rows: deleted 2", report.Lines);
        Assert.Contains("oracle snapshots: deleted 0", report.Lines); // written seconds ago: within 24 h
        Assert.Contains("reconciliation: off (no ILedgerBalanceSource: the trade ledger is not part of this deployment)", report.Lines);
        Assert.Null(await dedupe.GetAsync(kind, "expired"));
        Assert.NotNull(await dedupe.GetAsync(kind, "live"));
        var left = await outbox.Outbox.QueryAsync(TableFilter.PartitionKeyEquals(chat)).Select(r => r.RowKey).ToListAsync();
        Assert.Equal(["pending-old", "sent-recent"], left.Order());

        // A day later (by the app's clock) the snapshot is past ORACLE_SNAPSHOT_RETENTION_H and goes; the hourly job is due again.
        var later = new ManualClock(now.AddHours(25));
        var next = await Create(later).RunDueAsync(default);
        Assert.Contains(next.Lines, l => l.StartsWith("oracle snapshots: deleted ", StringComparison.Ordinal) && l != "oracle snapshots: deleted 0");
        Assert.Empty(await snapshots.QueryAsync(TableFilter.LessThan("Timestamp", now.AddMinutes(1))).ToListAsync());
    }

    [Fact]
    public async Task ADueJobRunsOnceAcrossInstancesAndNotAgainUntilItsIntervalHasPassed()
    {
        await ResetJobsAsync();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var reports = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Create(clock).RunDueAsync(default)));

        Assert.Single(reports, r => r.Lines.Any(l => l.StartsWith("expired dedupe keys", StringComparison.Ordinal)));
        Assert.Equal(2, reports.Count(r => r.Lines.Contains("cleanup: not due")));

        clock.Advance(Housekeeping.CleanupInterval - Housekeeping.Slack - TimeSpan.FromSeconds(1));
        Assert.Contains("cleanup: not due", (await Create(clock).RunDueAsync(default)).Lines);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain("cleanup: not due", (await Create(clock).RunDueAsync(default)).Lines);
    }

    [Fact]
    public async Task SignalRowsAreSummedAcrossInstancesAndTrimmed()
    {
        var clock = OperationsFixture.NextClock();
        var tables = fixture.Tables();
        var first = new OperationalSignals(() => tables, clock, OperationsFixture.Telemetry(latencyWarnMs: 100));
        var second = new OperationalSignals(() => tables, clock, OperationsFixture.Telemetry(latencyWarnMs: 100));

        first.Record(SignalKind.RpcError, 3);
        second.Record(SignalKind.RpcError, 4);
        second.RecordLatency(SignalKind.WebhookAnswered, SignalKind.WebhookSlow, TimeSpan.FromMilliseconds(100)); // at the threshold: slow
        second.RecordLatency(SignalKind.WebhookAnswered, SignalKind.WebhookSlow, TimeSpan.FromMilliseconds(99));
        await second.FlushAsync(default);
        clock.Advance(TimeSpan.FromSeconds(45));
        first.Record(SignalKind.RpcError, 1);

        var minute = await first.ReadAsync(TimeSpan.FromMinutes(1), default);
        Assert.Equal(8, minute[SignalKind.RpcError]);
        Assert.Equal(2, minute[SignalKind.WebhookAnswered]);
        Assert.Equal(1, minute[SignalKind.WebhookSlow]);

        clock.Advance(TimeSpan.FromSeconds(30)); // the first burst (75 s ago) has left the one-minute window
        Assert.Equal(1, (await first.ReadAsync(TimeSpan.FromMinutes(1), default))[SignalKind.RpcError]);
        Assert.Equal(8, (await second.ReadAsync(TimeSpan.FromMinutes(5), default))[SignalKind.RpcError]);

        // Both instances' rows of the first bucket go (with any older rows earlier tests of this collection left).
        Assert.True(await first.DeleteBeforeAsync(clock.GetUtcNow() - TimeSpan.FromSeconds(40), default) >= 2);
        Assert.Equal(1, (await first.ReadAsync(TimeSpan.FromMinutes(5), default))[SignalKind.RpcError]);
    }
}
