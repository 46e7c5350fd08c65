using Polly.CircuitBreaker;

namespace ChainTrader.Adapters.Rpc;

/// <summary>
/// One endpoint's state as seen by the pool, for /readyz and the health timer. <see cref="Url"/> is redacted.
/// <see cref="Circuit"/> is Polly's view: an open circuit whose break has elapsed still reads Open until the next call
/// (the half-open trial) goes through.
/// </summary>
public sealed record RpcEndpointHealth(
    int Index,
    string Url,
    CircuitState Circuit,
    DateTimeOffset? OpenUntil,
    bool ChainIdMismatch,
    ulong? ReportedChainId,
    TimeSpan? LastLatency,
    TimeSpan? AverageLatency,
    ulong? HeadBlock,
    ulong? LagBlocks,
    bool Lagging,
    int ConsecutiveFailures,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    bool Available,
    DateTimeOffset? DemotedUntil = null)
{
    /// <summary>
    /// Routable and its latest request or probe succeeded (a closed circuit alone can hide up to four recent faults).
    /// This instance's own view: <see cref="DemotedUntil"/> (another instance's verdict) does not change it, so the shared
    /// view never feeds back into itself.
    /// </summary>
    public bool Healthy => Available && ConsecutiveFailures == 0;
}
