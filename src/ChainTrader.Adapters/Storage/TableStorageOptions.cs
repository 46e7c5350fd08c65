namespace ChainTrader.Adapters.Storage;

/// <summary>Retry and timeout settings for Table Storage requests (configuration section "TableStorage").</summary>
public sealed class TableStorageOptions
{
    public const string SectionName = "TableStorage";

    /// <summary>Retries after the first attempt for throttling (429) and transient faults (408, 5xx, timeouts, connection errors).</summary>
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>First backoff delay; it doubles per retry, with jitter. A Retry-After header from the service wins.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Upper bound for any single backoff, including one asked for by Retry-After.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Time limit per attempt (the service itself allows 30 s per operation).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
