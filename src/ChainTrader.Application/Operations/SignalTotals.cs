namespace ChainTrader.Application.Operations;

/// <summary>The summed counts of every instance over one window.</summary>
public sealed record SignalTotals(IReadOnlyDictionary<SignalKind, long> Counts, TimeSpan Window)
{
    public long this[SignalKind kind] => Counts.GetValueOrDefault(kind);
}
