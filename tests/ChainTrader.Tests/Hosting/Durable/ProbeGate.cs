namespace ChainTrader.Tests.Hosting.Durable;

/// <summary>Holds the held probe orchestrator's first run until the test lets it go, so an engine stop can begin while its work item is in flight.</summary>
public sealed class ProbeGate
{
    private static readonly TimeSpan MostHeld = TimeSpan.FromSeconds(60);
    private readonly ManualResetEventSlim _entered = new();
    private readonly ManualResetEventSlim _released = new();

    public bool Entered => _entered.IsSet;

    public void Release() => _released.Set();

    /// <summary>Called by the orchestrator: says it is running, then waits for the release (bounded, so a broken test cannot hang the worker).</summary>
    public void Hold()
    {
        _entered.Set();
        _released.Wait(MostHeld);
    }
}
