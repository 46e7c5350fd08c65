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

    internal void Validate()
    {
        if (MaxRetryAttempts is < 0 or > 20)
            throw new ArgumentOutOfRangeException(nameof(MaxRetryAttempts), MaxRetryAttempts, "TableStorage:MaxRetryAttempts must be 0-20.");
        if (RetryBaseDelay <= TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
            throw new ArgumentOutOfRangeException(nameof(RetryBaseDelay), RetryBaseDelay, "TableStorage:RetryBaseDelay must be positive and not above RetryMaxDelay.");
        if (AttemptTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(AttemptTimeout), AttemptTimeout, "TableStorage:AttemptTimeout must be positive.");
    }
}
