using ChainTrader.Core.Commands;
using ChainTrader.Application.Gates;
using ChainTrader.Application.Notifications;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChainTrader.Tests.Operations;

/// <summary>The AlertSweep and Housekeeping functions in the real app, invoked the way the Functions host invokes a timer.</summary>
[Collection(OperationsCollection.Name)]
public class OperationsFunctionsTests(OperationsFixture fixture)
{
    private const long AdminChat = -100_2002;

    private async Task<AppHost> StartAsync(RecordingNotifier notifier, TimeProvider clock, string admins)
    {
        var settings = AppHost.BaseSettings();
        settings["AzureWebJobsStorage"] = fixture.Azurite.ConnectionString;
        settings["ADMIN_USER_IDS"] = admins;
        if (admins.Length > 0) settings["ADMIN_CHAT_ID"] = AdminChat.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["CHAIN_DEVNET_RPC_URLS"] = "http://127.0.0.1:9";
        return await AppHost.StartAsync(settings, ownTimers: false, services =>
        {
            services.AddSingleton<INotifier>(notifier);
            services.AddSingleton(clock);
        });
    }

    private static Task<IReadOnlyList<string>> InvokeTimerAsync(AppHost app, string function) => FunctionCalls.RunTimerAsync(app.Services, function);

    [Fact]
    public async Task TheSweepRaisesTheKillSwitchToEveryAdminAndHousekeepingRuns()
    {
        var clock = OperationsFixture.NextClock();
        var notifier = new RecordingNotifier();
        await using var app = await StartAsync(notifier, clock, "2002,2003");
        var gates = app.Services.GetRequiredService<IRuntimeGates>();
        await gates.ApplyAsync(GateChange.EmergencyStop(true), 2002, $"test:{Guid.NewGuid():N}", "drill", default);

        var logs = await InvokeTimerAsync(app, "AlertSweep");

        Assert.Contains("Information: kill_switch: raise sent", logs);
        // Wired to the ledger and the oracle: the book is empty (no breaker trips), and no OraclePoll has run in this app, so
        // no symbol has a usable price yet.
        Assert.DoesNotContain(logs, l => l.Contains("breaker.", StringComparison.Ordinal) || l.Contains("not evaluated", StringComparison.Ordinal));
        Assert.Contains("Information: universe.empty: raise sent", logs);
        var raises = notifier.Messages.Where(m => m.DedupeKey.StartsWith("alert:kill_switch:", StringComparison.Ordinal)).ToList();
        // One alert, to the admin chat, not one per admin (issue 16).
        Assert.Equal([AdminChat], raises.Select(m => m.ChatId));
        Assert.Contains("Emergency stop is engaged by user 2002", raises[0].Html);
        Assert.Contains("drill", raises[0].Html);

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(await InvokeTimerAsync(app, "AlertSweep"), l => l.Contains("kill_switch", StringComparison.Ordinal));

        await gates.ApplyAsync(GateChange.EmergencyStop(false), 3003, $"test:{Guid.NewGuid():N}", null, default);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Contains("Information: kill_switch: recover sent", await InvokeTimerAsync(app, "AlertSweep"));

        var housekeeping = await InvokeTimerAsync(app, "Housekeeping");
        Assert.Contains(housekeeping, l => l.StartsWith("Information: expired dedupe keys: deleted ", StringComparison.Ordinal));
        Assert.Contains(housekeeping, l => l.StartsWith("Information: reconciliation: off", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutAdminsTheSweepSaysAlertsAreOff()
    {
        await using var app = await StartAsync(new RecordingNotifier(), OperationsFixture.NextClock(), "");

        Assert.Equal(["Warning: alerts are off: ADMIN_USER_IDS is empty, so there is no admin chat to send them to"], await InvokeTimerAsync(app, "AlertSweep"));
    }
}
