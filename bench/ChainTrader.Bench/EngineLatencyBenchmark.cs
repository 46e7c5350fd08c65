using System.Diagnostics;
using System.Globalization;
using ChainTrader.Tests.Hosting.Durable;
using Microsoft.DurableTask;

namespace ChainTrader.Bench;

/// <summary>
/// Figures for choosing the local Durable engine's queue polling interval: app start → first orchestration step, and
/// raised event → activity running. Each event is raised after an idle gap longer than the interval, so the poller has
/// backed off fully (a button pressed while nothing else happens). Runs the engine's probe functions, shared with the
/// engine's tests, on a task hub of its own in the given storage.
/// </summary>
public static class EngineLatencyBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        if (!options.TryGet("storage", out var storage))
        {
            Console.Error.WriteLine("Usage: ChainTrader.Bench engine-latency --storage CONNECTION_STRING [--polling 500,1000,2000] [--events 20]\n" +
                                    "Start the local stack first: node devnet/devnet.js up (its READY line has the connection string).");
            return 2;
        }
        var events = options.Number("events", 20);
        var pollings = (options.Get("polling") ?? "500,1000,2000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        Console.WriteLine($"{Environment.ProcessorCount} logical cores, load average {Machine.LoadAverage()} at the start");
        foreach (var pollingMs in pollings) await MeasureAsync(storage, TimeSpan.FromMilliseconds(pollingMs), events);
        return 0;
    }

    private static async Task MeasureAsync(string storage, TimeSpan polling, int events)
    {
        var log = new ProbeLog(TimeProvider.System);
        var started = Stopwatch.StartNew();
        await using var host = await EngineHost.StartAsync(storage, EngineHost.NewHubName(), log, polling);
        var ready = started.Elapsed;
        var id = "pings-" + Guid.NewGuid().ToString("N");
        await host.Client.ScheduleNewOrchestrationInstanceAsync(ProbeFunctions.PingOrchestration, new ProbeInput(0, events + 1), new StartOrchestrationOptions(id));
        await host.Client.RaiseEventAsync(id, ProbeFunctions.PingEvent, "warm-up");
        await RanAsync(log, id, "warm-up");
        var firstStep = started.Elapsed;

        var latencies = new List<double>();
        using var idle = new PeriodicTimer(polling + TimeSpan.FromMilliseconds(300));
        for (var i = 0; i < events; i++)
        {
            await idle.WaitForNextTickAsync();
            var label = $"ping-{i}";
            var raisedAt = TimeProvider.System.GetUtcNow();
            await host.Client.RaiseEventAsync(id, ProbeFunctions.PingEvent, label);
            latencies.Add((await RanAsync(log, id, label) - raisedAt).TotalMilliseconds);
        }
        latencies.Sort();
        Console.WriteLine($"polling {polling.TotalMilliseconds:F0} ms: engine ready {ready.TotalMilliseconds:F0} ms, first step {firstStep.TotalMilliseconds:F0} ms; " +
                          $"event → activity over {events}: p50 {Percentiles.NearestRank(latencies, 0.5):F0} ms, " +
                          $"p99 {Percentiles.NearestRank(latencies, 0.99):F0} ms, max {latencies[^1]:F0} ms");
    }

    /// <summary>When the probe activity recorded <paramref name="label"/>'s effect; waits for it up to a minute.</summary>
    private static async Task<DateTimeOffset> RanAsync(ProbeLog log, string id, string label)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (log.EffectAt(id, label) is { } at) return at;
            if (deadline.Elapsed > TimeSpan.FromMinutes(1)) throw new TimeoutException($"The probe activity for {label} did not run within a minute.");
            await Task.Delay(5);
        }
    }
}
