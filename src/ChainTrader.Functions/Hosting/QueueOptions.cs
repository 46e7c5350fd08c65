using System.Globalization;
using Microsoft.Extensions.Options;

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

public sealed class QueueOptionsValidator : IValidateOptions<QueueOptions>
{
    public ValidateOptionsResult Validate(string? name, QueueOptions options)
    {
        var problems = new List<string>();
        if (options.VisibilityTimeoutSeconds is < 1 or > 3600)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"QUEUE_VISIBILITY_TIMEOUT_S: {options.VisibilityTimeoutSeconds} is outside 1..3600."));
        if (options.MaxPollIntervalMs is < 50 or > 60_000)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"QUEUE_MAX_POLL_INTERVAL_MS: {options.MaxPollIntervalMs} is outside 50..60000."));
        if (options.MaxDequeueCount is < 1 or > 100)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"QUEUE_MAX_DEQUEUE_COUNT: {options.MaxDequeueCount} is outside 1..100."));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
