namespace ChainTrader.Application.Operations;

/// <summary>The alert monitor when there are admins to alert (null otherwise), and whether the sweep has run before.</summary>
public sealed class AlertMonitorHolder(AlertMonitor? monitor)
{
    private int _runs;

    public AlertMonitor? Monitor { get; } = monitor;

    public bool FirstRun() => Interlocked.Increment(ref _runs) == 1;
}
