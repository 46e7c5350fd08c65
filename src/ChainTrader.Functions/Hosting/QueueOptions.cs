namespace ChainTrader.Functions.Hosting;

/// <summary>
/// How standalone mode consumes its Azure Storage queues (in Azure the Functions host does, per host.json). Messages are
/// hints: a sweeper re-drives whatever a lost or poisoned message would have asked for.
/// </summary>
public sealed class QueueOptions
{
    /// <summary>How long a received message stays invisible; a consumer that dies holding it lets it reappear after this.</summary>
    [ConfigurationKeyName("QUEUE_VISIBILITY_TIMEOUT_S")]
    public int VisibilityTimeoutSeconds { get; set; } = 30;

    /// <summary>Longest wait between polls of an empty queue (backoff from 50 ms); this process's own sends wake the poller at once.</summary>
    [ConfigurationKeyName("QUEUE_MAX_POLL_INTERVAL_MS")]
    public int MaxPollIntervalMs { get; set; } = 1000;

    /// <summary>After this many failed deliveries a message moves to "{queue}-poison" (as the Functions host does).</summary>
    [ConfigurationKeyName("QUEUE_MAX_DEQUEUE_COUNT")]
    public int MaxDequeueCount { get; set; } = 5;

    public TimeSpan VisibilityTimeout => TimeSpan.FromSeconds(VisibilityTimeoutSeconds);
    public TimeSpan MaxPollInterval => TimeSpan.FromMilliseconds(MaxPollIntervalMs);
}
