namespace ChainTrader.Adapters.Rpc;

/// <summary>Tuning of an <see cref="RpcPool"/>. The defaults are the spec's (section 3).</summary>
public sealed class RpcPoolOptions
{
    /// <summary>Time allowed for one request to one endpoint.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// After every endpoint failed, the call is retried this many times, waiting <see cref="RetryBaseDelay"/> doubled each
    /// time: 1 s, 2 s, 4 s, 8 s by default.
    /// </summary>
    public int MaxRetryAttempts { get; set; } = 4;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Consecutive endpoint faults that open an endpoint's circuit (at least 2, a Polly minimum).</summary>
    public int BreakerFailureThreshold { get; set; } = 5;

    /// <summary>How long an open circuit stays open before one trial call is let through (half-open).</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// When no endpoint's circuit is closed (a lone endpoint, or the last ones left), an open one is tried again this long
    /// after its latest fault instead of after the whole <see cref="BreakDuration"/>: with nothing to fail over to, the
    /// break only delays recovery, and a trial every few seconds costs a dead node little.
    /// </summary>
    public TimeSpan LastResortTrialInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>An endpoint whose head is more than this many blocks behind the best head seen by a probe counts as failed.</summary>
    public ulong MaxLagBlocks { get; set; } = 10;

    /// <summary>How much one block of lag weighs against latency when ranking endpoints.</summary>
    public TimeSpan LagPenaltyPerBlock { get; set; } = TimeSpan.FromMilliseconds(200);
}
