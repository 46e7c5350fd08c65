namespace ChainTrader.Application.Operations;

/// <summary>
/// The tradable universe from the oracle's latest verdicts. The oracle poller implements this; until one is registered
/// the empty-universe alert is not evaluated.
/// </summary>
public interface ITradableUniverseSource
{
    /// <summary>The latest verdicts, or null when the oracle has not assessed any symbol yet.</summary>
    Task<TradableUniverse?> CurrentAsync(CancellationToken cancellationToken);
}
