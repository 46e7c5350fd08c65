using System.Diagnostics;
using ChainTrader.Application.Health;
using ChainTrader.Functions.Hosting.Durable;
using ChainTrader.Tests.Infrastructure;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Hosting.Durable;

/// <summary>The standalone host's Durable engine on Azurite, with the probe orchestration of this folder.</summary>
public sealed class LocalDurableEngineTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Activity_event_and_timer_complete_and_a_redelivered_activity_has_one_effect()
    {
        var azurite = await LocalStack.AzuriteAsync();
        var log = new ProbeLog(TimeProvider.System);
        await using var host = await EngineHost.StartAsync(azurite.ConnectionString, EngineHost.NewHubName(), log);
        var id = "probe-" + Guid.NewGuid().ToString("N");

        await host.Client.ScheduleNewOrchestrationInstanceAsync(ProbeFunctions.Orchestration, new ProbeInput(1.5), new StartOrchestrationOptions(id));
        await WaitUntil(() => log.Runs(id, "before-event") >= 2, "the first step ran again after its simulated crash");
        await host.Client.RaiseEventAsync(id, ProbeFunctions.ConfirmEvent, "yes");
        var done = await WaitForCompletion(host.Client, id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("before-event|yes|after-timer", done.ReadOutputAs<string>());
        Assert.Equal(2, log.Runs(id, "before-event"));
        Assert.Equal(2, log.Effects(id));
        output.WriteLine($"first step → last step {(log.EffectAt(id, "after-timer") - log.EffectAt(id, "before-event"))?.TotalMilliseconds} ms (1.5 s timer between)");
        Assert.True(log.EffectAt(id, "after-timer") > log.EffectAt(id, "before-event"));
    }

    [Fact]
    public async Task A_timer_shorter_than_the_backend_minimum_is_rejected_and_fails_the_orchestration()
    {
        var azurite = await LocalStack.AzuriteAsync();
        var log = new ProbeLog(TimeProvider.System);
        await using var host = await EngineHost.StartAsync(azurite.ConnectionString, EngineHost.NewHubName(), log);
        var id = "short-" + Guid.NewGuid().ToString("N");

        await host.Client.ScheduleNewOrchestrationInstanceAsync(ProbeFunctions.Orchestration, new ProbeInput(0.5), new StartOrchestrationOptions(id));
        await WaitUntil(() => log.Runs(id, "before-event") >= 2, "the first step ran");
        await host.Client.RaiseEventAsync(id, ProbeFunctions.ConfirmEvent, "yes");
        var done = await WaitForCompletion(host.Client, id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        output.WriteLine($"failure: {done.FailureDetails?.ErrorMessage} | output: {done.SerializedOutput}");
        Assert.Contains("shorter than 1.2 s", done.FailureDetails?.ErrorMessage ?? done.SerializedOutput, StringComparison.Ordinal);
        Assert.Equal(0, log.Runs(id, "after-timer"));
    }

    [Fact]
    public async Task An_engine_stopped_mid_orchestration_finishes_it_after_a_restart_on_the_same_storage()
    {
        var azurite = await LocalStack.AzuriteAsync();
        var log = new ProbeLog(TimeProvider.System);
        var hub = EngineHost.NewHubName();
        var id = "restart-" + Guid.NewGuid().ToString("N");
        await using (var first = await EngineHost.StartAsync(azurite.ConnectionString, hub, log))
        {
            await first.Client.ScheduleNewOrchestrationInstanceAsync(ProbeFunctions.Orchestration, new ProbeInput(1.5), new StartOrchestrationOptions(id));
            await WaitUntil(() => log.Runs(id, "before-event") >= 2, "the first step ran");
            // Raised while the first app still runs: the event sits in storage and is the second app's to process.
            await first.Client.RaiseEventAsync(id, ProbeFunctions.ConfirmEvent, "yes");
        }

        var restarted = Stopwatch.StartNew();
        await using var second = await EngineHost.StartAsync(azurite.ConnectionString, hub, log);
        var done = await WaitForCompletion(second.Client, id);
        output.WriteLine($"restart → completion {restarted.ElapsedMilliseconds} ms");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("before-event|yes|after-timer", done.ReadOutputAs<string>());
        Assert.Equal(1, log.Runs(id, "after-timer"));
    }

    /// <summary>
    /// A stop that begins while an orchestrator runs lets it finish and gives the task hub up at once: the stop is the
    /// graceful one (well inside the engine's 20 s bound) and the next app on the hub runs at once, not after the lease expires.
    /// </summary>
    [Fact]
    public async Task A_stop_during_an_orchestrator_run_lets_it_finish_and_frees_the_hub_for_the_next_app()
    {
        var azurite = await LocalStack.AzuriteAsync();
        var log = new ProbeLog(TimeProvider.System);
        var gate = new ProbeGate();
        var hub = EngineHost.NewHubName();
        var held = "held-" + Guid.NewGuid().ToString("N");
        var first = await EngineHost.StartAsync(azurite.ConnectionString, hub, log, gate: gate);
        await first.Client.ScheduleNewOrchestrationInstanceAsync(ProbeFunctions.HeldOrchestration, new StartOrchestrationOptions(held));
        await WaitUntil(() => gate.Entered, "the orchestrator runs");

        var stopping = Stopwatch.StartNew();
        var stop = first.DisposeAsync().AsTask();
        // The release comes a moment into the stop so the stop surely meets the run in flight; the outcome does not depend on it.
        await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(1)));
        gate.Release();
        await stop;
        stopping.Stop();
        output.WriteLine($"stop with an orchestrator in flight: {stopping.ElapsedMilliseconds} ms");
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(15), $"the stop took {stopping.Elapsed}: it waited for the forced fallback or hung");

        var restarted = Stopwatch.StartNew();
        await using var second = await EngineHost.StartAsync(azurite.ConnectionString, hub, log);
        Assert.Equal("held", (await WaitForCompletion(second.Client, held)).ReadOutputAs<string>());
        var next = "after-" + Guid.NewGuid().ToString("N");
        await second.Client.ScheduleNewOrchestrationInstanceAsync(ProbeFunctions.PingOrchestration, new ProbeInput(0, Pings: 1), new StartOrchestrationOptions(next));
        await second.Client.RaiseEventAsync(next, ProbeFunctions.PingEvent, "ping");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await WaitForCompletion(second.Client, next)).RuntimeStatus);
        output.WriteLine($"next app: start → an orchestration completed {restarted.ElapsedMilliseconds} ms");
        // The partition lease runs 30 s: a hub that was not given up would make the next app wait for it to expire.
        Assert.True(restarted.Elapsed < TimeSpan.FromSeconds(25), $"the next app ran only after {restarted.Elapsed}");
    }

    [Fact]
    public async Task Two_apps_on_different_task_hubs_run_only_their_own_orchestrations()
    {
        var azurite = await LocalStack.AzuriteAsync();
        var logA = new ProbeLog(TimeProvider.System);
        var logB = new ProbeLog(TimeProvider.System);
        string hubA = EngineHost.NewHubName(), hubB = EngineHost.NewHubName();
        await using var a = await EngineHost.StartAsync(azurite.ConnectionString, hubA, logA);
        await using var b = await EngineHost.StartAsync(azurite.ConnectionString, hubB, logB);
        var ids = Enumerable.Range(0, 4).Select(i => $"hub-{i}-{Guid.NewGuid():N}").ToArray();

        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
            await (i % 2 == 0 ? a : b).Client.ScheduleNewOrchestrationInstanceAsync(ProbeFunctions.Orchestration, new ProbeInput(1.2), new StartOrchestrationOptions(id));
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            var client = (i % 2 == 0 ? a : b).Client;
            await WaitUntil(() => (i % 2 == 0 ? logA : logB).Runs(id, "before-event") >= 2, $"{id} started");
            await client.RaiseEventAsync(id, ProbeFunctions.ConfirmEvent, "yes");
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await WaitForCompletion(client, id)).RuntimeStatus);
            // Each hub's instances are invisible from the other hub.
            Assert.Null(await (i % 2 == 0 ? b : a).Client.GetInstanceAsync(id));
        }

        Assert.All(logA.Hubs, h => Assert.Equal(hubA, h));
        Assert.All(logB.Hubs, h => Assert.Equal(hubB, h));
        Assert.Equal(6, logA.Hubs.Count);
        Assert.Equal(6, logB.Hubs.Count);
    }

    [Fact]
    public async Task Readiness_names_the_engine_and_fails_once_it_stops()
    {
        var azurite = await LocalStack.AzuriteAsync();
        await using var host = await EngineHost.StartAsync(azurite.ConnectionString, EngineHost.NewHubName(), new ProbeLog(TimeProvider.System));
        var check = host.Services.GetServices<IReadinessCheck>().OfType<DurableEngineReadinessCheck>().Single();

        Assert.Equal("durable-engine", check.Name);
        Assert.Contains(host.Engine.TaskHubName, await check.CheckAsync(CancellationToken.None), StringComparison.Ordinal);

        await host.StopAsync();
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => check.CheckAsync(CancellationToken.None));
        Assert.Contains(host.Engine.TaskHubName, failure.Message, StringComparison.Ordinal);
    }

    internal static async Task<OrchestrationMetadata> WaitForCompletion(DurableTaskClient client, string id)
    {
        using var cts = new CancellationTokenSource(Patience);
        return await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cts.Token);
    }

    internal static async Task WaitUntil(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (!condition())
        {
            if (deadline.Elapsed > Patience) throw new TimeoutException($"Waited {Patience} for: {what}");
            await timer.WaitForNextTickAsync();
        }
    }
}
