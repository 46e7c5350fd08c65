using ChainTrader.Core.Trades;
using ChainTrader.Application.Operations;
using ChainTrader.Application.Trades;
using ChainTrader.Tests.Infrastructure;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using ChainTrader.Application.Notifications;
using static ChainTrader.TestSupport.TradeFixtures;

namespace ChainTrader.Tests.Operations;

/// <summary>
/// The trades.overdue alert in the real app on Azurite and the local Durable engine: a trade whose orchestration an operator
/// terminated while the trade is open raises it through the AlertSweep function, and it recovers once the trade ends. On a
/// private Azurite: the sweep raises other alerts too (no oracle price yet), which must not be left in the collection's storage.
/// </summary>
[Collection(OperationsCollection.Name)]
public class OverdueTradeAlertTests
{
    private const long AdminChat = -100_2002;

    [Fact]
    public async Task ATerminatedOrchestrationOfAnOpenTradeRaisesTheAlertAndTheTradesEndRecoversIt()
    {
        var clock = OperationsFixture.NextClock();
        var notifier = new RecordingNotifier();
        var settings = AppHost.BaseSettings();
        settings["ADMIN_USER_IDS"] = "2002";
        settings["ADMIN_CHAT_ID"] = AdminChat.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["CHAIN_DEVNET_RPC_URLS"] = "http://127.0.0.1:9";
        await using var app = await AppHost.StartAsync(settings, ownTimers: false, services =>
        {
            services.AddSingleton<INotifier>(notifier);
            services.AddSingleton<TimeProvider>(clock);
        });
        var store = app.Services.GetRequiredService<TradeStore>();
        var client = app.Services.GetRequiredService<DurableClientAccess>().Client;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        // Opened with no work owed and due in the test clock's future, so the orchestration waits on its timer until terminated.
        var tradeId = $"t-overdue-{Guid.NewGuid():N}";
        var (stored, _) = await store.CreateAsync(Machine.Open(tradeId, Intent, Depth, clock.GetUtcNow()), "test", timeout.Token);
        var instanceId = TradeOrchestration.InstanceId(tradeId);
        await client.ScheduleNewOrchestrationInstanceAsync(TradeOrchestration.Name, TradeOrchestrationInput.Opening(tradeId, Timings, []),
            new StartOrchestrationOptions(instanceId), timeout.Token);
        await client.WaitForInstanceStartAsync(instanceId, timeout.Token);

        Assert.DoesNotContain(await SweepAsync(app), l => l.Contains(AlertKeys.OverdueTrades, StringComparison.Ordinal));

        await client.TerminateInstanceAsync(instanceId, "operator drill", timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await client.WaitForInstanceCompletionAsync(instanceId, timeout.Token)).RuntimeStatus);
        clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Contains($"Information: {AlertKeys.OverdueTrades}: raise sent", await SweepAsync(app));
        var raised = Assert.Single(notifier.Messages, m => m.DedupeKey.StartsWith($"alert:{AlertKeys.OverdueTrades}:", StringComparison.Ordinal));
        Assert.Equal(AdminChat, raised.ChatId);
        Assert.Contains($"Trade {tradeId} (Requested): its orchestration was terminated (instance {instanceId})", raised.Html, StringComparison.Ordinal);
        Assert.Contains(OverdueTradeAlertSource.RunbookLink, raised.Html, StringComparison.Ordinal);

        // The trade ends as its orchestration's save would have stored it: the open index row goes with it.
        var cancelled = Machine.Apply(stored.Trade, new CancelRequested(User), clock.GetUtcNow());
        Assert.True(cancelled.Trade.IsTerminal);
        await store.RecordAsync(stored, cancelled.Trade, cancelled.Entry!, timeout.Token);
        clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Contains($"Information: {AlertKeys.OverdueTrades}: recover sent", await SweepAsync(app));
        Assert.DoesNotContain(await store.OpenTradeIdsAsync(timeout.Token), id => id == tradeId);
    }

    private static Task<IReadOnlyList<string>> SweepAsync(AppHost app) => FunctionCalls.RunTimerAsync(app.Services, "AlertSweep");
}
