using Microsoft.Azure.Functions.Worker;

namespace ChainTrader.Functions.Hosting;

/// <summary>
/// The standalone host's timer triggers: fires each timer function on its NCRONTAB schedule, one run at a time per
/// function, with the TimerInfo the Functions host would pass.
/// </summary>
public sealed class StandaloneScheduler(FunctionIndex index, FunctionInvoker invoker, TimeProvider clock, ILogger<StandaloneScheduler> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(index.Functions.Where(f => f.Trigger == FunctionTrigger.Timer).Select(f => RunTimerAsync(f, stoppingToken)));

    private async Task RunTimerAsync(FunctionEntry function, CancellationToken stoppingToken)
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

    private async Task FireAsync(FunctionEntry function, DateTimeOffset last, DateTimeOffset scheduled, CancellationToken stoppingToken)
    {
        try
        {
            await invoker.InvokeAsync(function, Timer(function, last, scheduled, clock.GetUtcNow()), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        catch (Exception ex)
        {
            // Like the host: a failed run is logged and the timer keeps its schedule.
            logger.LogError(ex, "Timer function {Function} failed", function.Name);
        }
    }

    /// <summary>The TimerInfo of a run scheduled for <paramref name="scheduled"/> that starts at <paramref name="now"/>.</summary>
    public static TimerInfo Timer(FunctionEntry function, DateTimeOffset last, DateTimeOffset scheduled, DateTimeOffset now) => new()
    {
        ScheduleStatus = new ScheduleStatus { Last = last.UtcDateTime, Next = function.Schedule!.NextAfter(scheduled).UtcDateTime, LastUpdated = now.UtcDateTime },
        IsPastDue = now - scheduled > TimeSpan.FromSeconds(30),
    };

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
