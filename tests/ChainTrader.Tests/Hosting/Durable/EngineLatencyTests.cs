using System.Diagnostics;
using ChainTrader.Tests.Infrastructure;
using Microsoft.DurableTask;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Hosting.Durable;

/// <summary>
/// Figures for choosing the queue polling interval: app start → first orchestration step, and raised event → activity
/// running. Each event is raised after an idle gap longer than the interval, so the poller has backed off fully (the
/// case of a button pressed while nothing else happens).
/// </summary>
public sealed class EngineLatencyTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(500, 20)]
    [InlineData(1000, 50)]
    [InlineData(2000, 20)]
    public async Task A_raised_event_reaches_its_activity_within_the_polling_interval(int pollingMs, int events)
    {
        var azurite = await LocalStack.AzuriteAsync();
        var log = new ProbeLog(TimeProvider.System);
        var polling = TimeSpan.FromMilliseconds(pollingMs);
        var started = Stopwatch.StartNew();
        await using var host = await EngineHost.StartAsync(azurite.ConnectionString, EngineHost.NewHubName(), log, polling);
        var ready = started.Elapsed;
        var id = "pings-" + Guid.NewGuid().ToString("N");
        await host.Client.ScheduleNewOrchestrationInstanceAsync(ProbeFunctions.PingOrchestration, new ProbeInput(0, events + 1), new StartOrchestrationOptions(id));
        await host.Client.RaiseEventAsync(id, ProbeFunctions.PingEvent, "warm-up");
        await LocalDurableEngineTests.WaitUntil(() => log.Runs(id, "warm-up") == 1, "the first step ran");
        var firstStep = started.Elapsed;

        var latencies = new List<double>();
        using var idle = new PeriodicTimer(polling + TimeSpan.FromMilliseconds(300));
        for (var i = 0; i < events; i++)
        {
            await idle.WaitForNextTickAsync();
            var label = $"ping-{i}";
            var raisedAt = TimeProvider.System.GetUtcNow();
            await host.Client.RaiseEventAsync(id, ProbeFunctions.PingEvent, label);
            await LocalDurableEngineTests.WaitUntil(() => log.EffectAt(id, label) is not null, label);
            latencies.Add((log.EffectAt(id, label)!.Value - raisedAt).TotalMilliseconds);
        }

        latencies.Sort();
        double P(double q) => latencies[(int)Math.Ceiling(q * latencies.Count) - 1];
        output.WriteLine($"polling {pollingMs} ms: engine ready {ready.TotalMilliseconds:F0} ms, first step {firstStep.TotalMilliseconds:F0} ms; " +
                         $"event→activity over {events}: p50 {P(0.5):F0} ms, p99 {P(0.99):F0} ms, max {latencies[^1]:F0} ms");
        // An idle poller waits at most one interval; the rest is an orchestrator episode and an activity dispatch.
        Assert.True(P(0.99) < pollingMs * 2 + 1500, $"p99 {P(0.99):F0} ms");
    }
}
