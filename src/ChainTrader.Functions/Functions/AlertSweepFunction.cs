using ChainTrader.Core.Alerts;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using ChainTrader.Application.Operations;
using ChainTrader.Application.Trades;

namespace ChainTrader.Functions.Functions;

/// <summary>
/// Timer, every 30 s: evaluates the alert matrix (<see cref="AlertMonitor"/>). Thirty seconds keeps a raise within half a
/// minute of the condition and the two-minute escalation on time. Without ADMIN_USER_IDS there is nobody to alert and
/// the sweep says so instead. It also refreshes the trading gauges (<see cref="DeskMetrics"/>), which the trade sweeper
/// did before orchestrations replaced it, so a scrape of /metrics never does I/O.
/// </summary>
public sealed class AlertSweepFunction(AlertMonitorHolder monitor, DeskMetrics metrics, DurableClientAccess durable, ILogger<AlertSweepFunction> logger)
{
    /// <param name="trades">The overdue-trade alert reads the trade orchestrations' status (<see cref="OverdueTradeAlertSource"/>).</param>
    [Function("AlertSweep")]
    public Task RunAsync([TimerTrigger("*/30 * * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient trades, CancellationToken cancellationToken) =>
        durable.RunAsync(trades, () => SweepAsync(cancellationToken));

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        try
        {
            await metrics.RefreshAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The gauges are a view; the alerts (the kill switch among them) must not wait on them.
            logger.LogWarning(ex, "refreshing the trading gauges failed ({Error}); the alerts are evaluated anyway", ex.Message);
        }
        if (monitor.Monitor is not { } alerts)
        {
            logger.LogWarning("alerts are off: ADMIN_USER_IDS is empty, so there is no admin chat to send them to");
            return;
        }
        if (monitor.FirstRun())
        {
            foreach (var missing in alerts.Unwired)
                logger.LogWarning("not evaluated in this deployment: {Missing}", missing);
        }
        var outcomes = await alerts.EvaluateAsync(cancellationToken);
        foreach (var sent in outcomes.Where(o => o.Action != AlertAction.None))
            logger.LogInformation("{AlertKey}: {Action} sent", sent.Key, sent.Action.ToString().ToLowerInvariant());
    }
}
