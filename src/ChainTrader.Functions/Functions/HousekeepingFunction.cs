using Microsoft.Azure.Functions.Worker;

namespace ChainTrader.Functions.Functions;

/// <summary>
/// Timer, every minute: runs whichever housekeeping job is due. The cleanup runs hourly (SPEC: hourly) and
/// reconciliation every RECONCILIATION_INTERVAL seconds (900 by default); one minute-timer with stored due times serves
/// both, so the reconciliation cadence is a setting rather than a second schedule baked into the trigger.
/// </summary>
public sealed class HousekeepingFunction(Application.Operations.Housekeeping housekeeping, ILogger<HousekeepingFunction> logger)
{
    [Function("Housekeeping")]
    public async Task RunAsync([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var report = await housekeeping.RunDueAsync(cancellationToken);
        foreach (var line in report.Lines.Where(l => !l.EndsWith(": not due", StringComparison.Ordinal)))
            logger.Log(line.Contains(": failed", StringComparison.Ordinal) ? LogLevel.Warning : LogLevel.Information, "{Line}", line);
    }
}
