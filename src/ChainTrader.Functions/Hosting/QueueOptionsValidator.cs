using System.Globalization;
using Microsoft.Extensions.Options;

namespace ChainTrader.Functions.Hosting;

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
