using ChainTrader.Core.Alerts;
using ChainTrader.Functions.Hosting;
using ChainTrader.Functions.Operations;
using ChainTrader.Functions.Trades;

namespace ChainTrader.Functions.Functions.AlertSweep;

/// <summary>
/// Timer, every 30 s: evaluates the alert matrix (<see cref="AlertMonitor"/>). Thirty seconds keeps a raise within half a
/// minute of the condition and the two-minute escalation on time. Without ADMIN_USER_IDS there is nobody to alert and
/// the sweep says so instead. It also refreshes the trading gauges (<see cref="DeskMetrics"/>), which the trade sweeper
/// did before orchestrations replaced it, so a scrape of /metrics never does I/O.
/// </summary>
public sealed class AlertSweepFunction(AlertMonitorHolder monitor, DeskMetrics metrics) : IFunction
{
    public string Name => "AlertSweep";

    public async Task RunAsync(FunctionContext context, CancellationToken cancellationToken)
    {
        await metrics.RefreshAsync(cancellationToken);
        if (monitor.Monitor is not { } alerts)
        {
            context.Log(LogLevel.Warning, "alerts are off: ADMIN_USER_IDS is empty, so there is no admin chat to send them to");
            return;
        }
        if (monitor.FirstRun())
        {
            foreach (var missing in alerts.Unwired)
                context.Log(LogLevel.Warning, $"not evaluated in this deployment: {missing}");
        }
        var outcomes = await alerts.EvaluateAsync(cancellationToken);
        foreach (var sent in outcomes.Where(o => o.Action != AlertAction.None))
            context.Log(LogLevel.Information, $"{sent.Key}: {sent.Action.ToString().ToLowerInvariant()} sent");
    }
}
