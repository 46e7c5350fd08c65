using System.Net;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Audit;
using ChainTrader.Application.Dedupe;
using ChainTrader.Application.Gates;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static ChainTrader.Tests.Webhook.TelegramInFixture;

namespace ChainTrader.Tests.Webhook;

/// <summary>
/// One update, one effect (across deliveries, restarts and a crash mid-way); gates shared by every instance within one
/// poll; every change audited with before/after and the configuration hash.
/// </summary>
[Collection(TelegramInCollection.Name)]
public class DedupeAndGatesTests(TelegramInFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetGatesAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TheSameUpdateFiveTimesHasOneEffect()
    {
        var notifier = new RecordingNotifier();
        await using var app = await fixture.StartAppAsync(notifier);
        var id = NextUpdateId();
        var update = Updates.Message(id, Admin, "/emergency_stop oracle drift");

        var timings = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var (status, _, elapsed) = await Updates.PostAsync(app, update);
            Assert.Equal(HttpStatusCode.OK, status);
            timings.Add(elapsed.TotalMilliseconds);
        }
        output.WriteLine($"webhook: first delivery {timings[0]:F1} ms (gate write, audit, reply), duplicates {string.Join(", ", timings.Skip(1).Select(t => t.ToString("F1")))} ms");

        Assert.StartsWith("Emergency stop is now <b>ON</b> (was off). No new trade will open until a super-admin sends /emergency_resume.", notifier.Reply(id).Html);
        Assert.Single(notifier.Messages, m => m.DedupeKey == $"reply:{id}");
        var audit = await AuditRowsAsync(app, $"update:{id}");
        var row = Assert.Single(audit);
        Assert.Equal(("emergency_stop", "false", "true", "applied", "oracle drift"),
            (row.GetString("Action"), row.GetString("Before"), row.GetString("After"), row.GetString("Outcome"), row.GetString("Detail")));
        Assert.Equal(Admin, row.GetInt64("ActorUserId"));
        Assert.Equal("Admin", row.GetString("ActorRole"));
        Assert.Equal(app.Services.GetRequiredService<ConfigurationFingerprint>().Hash, row.GetString("ConfigHash"));
        Assert.Matches("^[0-9a-f]{64}$", row.GetString("ConfigHash"));
        Assert.False(string.IsNullOrEmpty(row.GetString("TraceId")));
        Assert.NotNull(await fixture.Table("Dedupe").GetAsync("update", id.ToString()));
    }

    [Fact]
    public async Task ConcurrentDuplicatesCollapseToOneGateChangeOneAuditRowAndOneReplyKey()
    {
        var notifier = new RecordingNotifier();
        await using var app = await fixture.StartAppAsync(notifier);
        var id = NextUpdateId();
        var update = Updates.Message(id, Admin, "/maintenance_mode on");

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Updates.PostAsync(app, update)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        // Racing deliveries may each queue the reply; they share one dedupe key, which the outbox delivers once.
        Assert.Equal([$"reply:{id}"], notifier.Messages.Select(m => m.DedupeKey).Distinct());
        Assert.All(notifier.Messages, m => Assert.Contains("Maintenance mode is now <b>ON</b> (was off)", m.Html));
        var row = Assert.Single(await AuditRowsAsync(app, $"update:{id}"));
        Assert.Equal(("false", "true"), (row.GetString("Before"), row.GetString("After")));
    }

    [Fact]
    public async Task ARestartBetweenDeliveriesStillHasOneEffect()
    {
        var id = NextUpdateId();
        var update = Updates.Message(id, Admin, "/execution_mode PAPER");
        var first = new RecordingNotifier();
        await using (var app = await fixture.StartAppAsync(first))
            await Updates.DeliverAsync(app, update);
        Assert.Contains("Execution mode is now <b>PAPER</b> (was DRY_RUN)", first.Reply(id).Html);

        var second = new RecordingNotifier();
        await using var restarted = await fixture.StartAppAsync(second);
        for (var i = 0; i < 4; i++) await Updates.DeliverAsync(restarted, update);
        Assert.Empty(second.Messages);
        Assert.Single(await AuditRowsAsync(restarted, $"update:{id}"));

        var next = NextUpdateId();
        await Updates.DeliverAsync(restarted, Updates.Message(next, Admin, "/execution_mode"));
        Assert.StartsWith($"Execution mode: <b>PAPER</b> (set by <code>{Admin}</code> at ", second.Reply(next).Html);
    }

    [Fact]
    public async Task ACrashAfterTheGateChangeReRunsTheUpdateWithoutASecondEffect()
    {
        var notifier = new RecordingNotifier { FailNext = true };
        await using var app = await fixture.StartAppAsync(notifier);
        var id = NextUpdateId();
        var update = Updates.Message(id, Admin, "/emergency_stop");

        var (status, _, _) = await Updates.PostAsync(app, update);
        Assert.Equal(HttpStatusCode.InternalServerError, status); // Telegram retries a non-2xx answer
        Assert.Empty(notifier.Messages);
        Assert.True((await app.Services.GetRequiredService<IRuntimeGates>().CurrentAsync(default)).EmergencyStop);
        Assert.Null(await fixture.Table("Dedupe").GetAsync("update", id.ToString()));

        await Updates.DeliverAsync(app, update);
        await Updates.DeliverAsync(app, update);
        // The re-run reports the original change, not "already on".
        Assert.Contains("Emergency stop is now <b>ON</b> (was off)", notifier.Reply(id).Html);
        var row = Assert.Single(await AuditRowsAsync(app, $"update:{id}"));
        Assert.Equal(("false", "true"), (row.GetString("Before"), row.GetString("After")));
    }

    [Fact]
    public async Task AGateChangeIsSeenByASecondInstanceWithinOnePoll()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var notifierA = new RecordingNotifier();
        var notifierB = new RecordingNotifier();
        await using var a = await fixture.StartAppAsync(notifierA, clock);
        await using var b = await fixture.StartAppAsync(notifierB, clock);
        var gatesB = b.Services.GetRequiredService<IRuntimeGates>();
        Assert.False((await gatesB.CurrentAsync(default)).EmergencyStop); // B now holds a snapshot

        await Updates.DeliverAsync(a, Updates.Message(NextUpdateId(), Admin, "/emergency_stop"));
        Assert.True((await a.Services.GetRequiredService<IRuntimeGates>().CurrentAsync(default)).EmergencyStop); // write-through
        Assert.False((await gatesB.CurrentAsync(default)).EmergencyStop); // B's snapshot is younger than one poll

        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False((await gatesB.CurrentAsync(default)).EmergencyStop);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var seen = await gatesB.CurrentAsync(default);
        Assert.True(seen.EmergencyStop);
        Assert.True(seen.TradingHalted);
        Assert.Equal(Admin, seen.Details[Gate.EmergencyStop].ChangedBy);

        // A plain admin cannot resume, and is told who can; a super-admin resumes on B; A sees it after its own poll.
        var adminResume = NextUpdateId();
        await Updates.DeliverAsync(b, Updates.Message(adminResume, Admin, "/emergency_resume"));
        Assert.Equal("/emergency_resume is for super-admins; you are an admin. Send /help for your commands.", notifierB.Reply(adminResume).Html);
        Assert.True((await gatesB.CurrentAsync(default)).EmergencyStop);
        var resume = NextUpdateId();
        await Updates.DeliverAsync(b, Updates.Message(resume, SuperAdmin, "/emergency_resume"));
        Assert.Contains("Emergency stop is now <b>off</b> (was ON)", notifierB.Reply(resume).Html);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False((await a.Services.GetRequiredService<IRuntimeGates>().CurrentAsync(default)).EmergencyStop);
    }

    [Fact]
    public async Task AdminsCannotMakeTheDeskRiskierAndTheRefusalIsAudited()
    {
        var notifier = new RecordingNotifier();
        await using var app = await fixture.StartAppAsync(notifier);
        await Updates.DeliverAsync(app, Updates.Message(NextUpdateId(), Admin, "/maintenance_mode on"));

        var off = NextUpdateId();
        await Updates.DeliverAsync(app, Updates.Message(off, Admin, "/maintenance_mode off"));
        Assert.Equal("Refused: only a super-admin may turn maintenance mode off.", notifier.Reply(off).Html);
        Assert.True((await app.Services.GetRequiredService<IRuntimeGates>().CurrentAsync(default)).MaintenanceMode);
        var row = Assert.Single(await AuditRowsAsync(app, $"update:{off}"));
        Assert.Equal(("maintenance_mode", "refused", "true", "true"), (row.GetString("Action"), row.GetString("Outcome"), row.GetString("Before"), row.GetString("After")));

        var again = NextUpdateId();
        await Updates.DeliverAsync(app, Updates.Message(again, Admin, "/maintenance_mode on"));
        Assert.Equal("Maintenance mode was already <b>ON</b>; nothing changed.", notifier.Reply(again).Html);
    }

    [Fact]
    public async Task ExecutionModeDefaultsToTheSettingUntilSomeoneChoosesOne()
    {
        var notifier = new RecordingNotifier();
        await using var app = await fixture.StartAppAsync(notifier, tweak: s => s["EXECUTION_MODE"] = "PAPER");
        var gates = await app.Services.GetRequiredService<IRuntimeGates>().CurrentAsync(default);
        Assert.Equal(ExecutionMode.Paper, gates.Mode);
        Assert.Null(gates.Details[Gate.ExecutionMode].ChangedBy);
    }

    [Fact]
    public async Task ExpiredDedupeKeysAreDeletedAfterSevenDays()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var app = await fixture.StartAppAsync(new RecordingNotifier(), clock);
        var dedupe = app.Services.GetRequiredService<DedupeStore>();
        var kind = "test" + Guid.NewGuid().ToString("N")[..8];
        Assert.True(await dedupe.TryAddAsync(kind, "old", default));
        Assert.False(await dedupe.TryAddAsync(kind, "old", default));
        clock.Advance(TimeSpan.FromDays(6));
        Assert.True(await dedupe.TryAddAsync(kind, "young", default));
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));

        Assert.True(await dedupe.DeleteExpiredAsync(default) >= 1);
        Assert.False(await dedupe.ContainsAsync(kind, "old", default));
        Assert.True(await dedupe.ContainsAsync(kind, "young", default));
    }

    [Fact]
    public async Task SystemStatusAndConfigAnswerWithRealFactsAndNoSecrets()
    {
        var notifier = new RecordingNotifier();
        await using var app = await fixture.StartAppAsync(notifier);

        // The chat's checks have 600 ms each: on a loaded machine the app's first table call (new connection, cold code)
        // can overrun that, which the status reports as it should. Only that overrun is asked about again.
        string text;
        var asks = 0;
        do
        {
            var status = NextUpdateId();
            await Updates.DeliverAsync(app, Updates.Message(status, Admin, "/system_status"));
            text = notifier.Reply(status).Html;
        }
        while (text.Contains("❌ storage: no answer within", StringComparison.Ordinal) && ++asks < 10);
        Assert.Contains("Version: <code>", text);
        Assert.Contains("Uptime: 0d 0h", text);
        Assert.Contains("Execution mode: <b>DRY_RUN</b> (default)", text);
        Assert.Contains("✅ storage: table service reachable", text);
        Assert.Contains("❌ rpc:", text); // CHAIN_DEVNET_RPC_URLS points at a closed port

        var config = NextUpdateId();
        await Updates.DeliverAsync(app, Updates.Message(config, Admin, "/config"));
        var shown = notifier.Reply(config).Html;
        Assert.Contains($"hash <code>{app.Services.GetRequiredService<ConfigurationFingerprint>().Hash}</code>", shown);
        Assert.Contains("GATES_POLL_INTERVAL_S=1\n", shown);
        Assert.DoesNotContain(AppHost.WebhookSecret, shown);
        Assert.Contains("TELEGRAM_BOT_TOKEN=set\n", shown);
        Assert.DoesNotContain("TEST-token", shown);
    }

    private static async Task<List<TableRow>> AuditRowsAsync(AppHost app, string cause)
    {
        var audit = app.Services.GetRequiredService<AuditLog>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var rows = await audit.ReadDayAsync(today, default);
        return rows.Where(r => r.GetString("Cause") == cause).ToList();
    }
}
