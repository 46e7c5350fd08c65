using System.Text.Json;

namespace ChainTrader.Functions.Hosting;

/// <summary>
/// Standalone mode's stand-in for the Functions host's timer triggers: fires each timer function on the
/// schedule from its function.json, one run at a time per function, with the payload the host would send.
/// </summary>
public sealed class StandaloneScheduler(FunctionCatalog catalog, FunctionRunner runner, HintQueues queues, TimeProvider clock, ILogger<StandaloneScheduler> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(catalog.Functions.Where(f => f.Schedule is not null).Select(f => RunTimerAsync(f, stoppingToken)));

    private async Task RunTimerAsync(FunctionDescriptor function, CancellationToken stoppingToken)
    {
        var last = clock.GetUtcNow();
        if (function.RunOnStartup) await FireAsync(function, last, last, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = function.Schedule!.NextAfter(clock.GetUtcNow());
            try { await Task.Delay(Max(next - clock.GetUtcNow(), TimeSpan.Zero), clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
            await FireAsync(function, last, next, stoppingToken);
            last = next;
        }
    }

    private async Task FireAsync(FunctionDescriptor function, DateTimeOffset last, DateTimeOffset scheduled, CancellationToken stoppingToken)
    {
        var now = clock.GetUtcNow();
        var invocation = TimerInvocation(function, last, scheduled, now);
        try
        {
            var result = await runner.RunAsync(function, invocation, stoppingToken);
            await queues.RouteOutputsAsync(function, result, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        catch (Exception ex)
        {
            // Like the host: a failed run is logged and the timer keeps its schedule.
            logger.LogError(ex, "Timer function {Function} failed", function.Name);
        }
    }

    /// <summary>The timer-trigger payload the Functions host sends (TimerInfo under the binding name, sys metadata).</summary>
    public static FunctionInvocation TimerInvocation(FunctionDescriptor function, DateTimeOffset last, DateTimeOffset scheduled, DateTimeOffset now)
    {
        var timer = JsonSerializer.SerializeToElement(new TimerInfo(
            new TimerScheduleInfo(false),
            new TimerScheduleStatus(last, function.Schedule!.NextAfter(scheduled), now),
            now - scheduled > TimeSpan.FromSeconds(30)), HostingJson.Default.TimerInfo);
        return new FunctionInvocation(
            new Dictionary<string, JsonElement> { [function.TriggerBinding] = timer },
            new Dictionary<string, JsonElement> { ["sys"] = SysMetadata(function.Name, now) });
    }

    public static JsonElement SysMetadata(string functionName, DateTimeOffset now) =>
        JsonSerializer.SerializeToElement(new SysMetadataInfo(functionName, now, Guid.NewGuid()), HostingJson.Default.SysMetadataInfo);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
