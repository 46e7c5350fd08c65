using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ChainTrader.Functions.Hosting.Durable;

/// <summary>
/// Azure Storage task hub names become queue, table and container prefixes: letters and digits only, starting with a
/// letter, 3 to 45 characters (the documented Durable Functions rule).
/// </summary>
public sealed partial class DurableEngineOptionsValidator : IValidateOptions<DurableEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, DurableEngineOptions options)
    {
        var failures = new List<string>();
        if (!HubName().IsMatch(options.TaskHubName ?? ""))
            failures.Add($"TaskHubName \"{options.TaskHubName}\" must be 3 to 45 letters and digits, starting with a letter.");
        if (options.DurableMaxQueuePollingInterval < TimeSpan.FromMilliseconds(100) || options.DurableMaxQueuePollingInterval > TimeSpan.FromSeconds(30))
            failures.Add($"DurableMaxQueuePollingInterval {options.DurableMaxQueuePollingInterval} must be between 00:00:00.1 and 00:00:30.");
        if (options.DurableMessageVisibilityTimeout < TimeSpan.FromSeconds(5))
            failures.Add($"DurableMessageVisibilityTimeout {options.DurableMessageVisibilityTimeout} must be at least 00:00:05.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex HubName();
}
