using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Watching;

public sealed class WatcherOptionsValidator : IValidateOptions<WatcherOptions>
{
    public ValidateOptionsResult Validate(string? name, WatcherOptions options)
    {
        var problems = new List<string>();
        if (options.MaxPerUser is < 1 or > 1_000) problems.Add($"WATCH_MAX_PER_USER: {options.MaxPerUser} is outside 1-1000.");
        if (options.MaxTotal is < 1 or > 1_000_000) problems.Add($"WATCH_MAX_TOTAL: {options.MaxTotal} is outside 1-1000000.");
        if (options.MaxTotal < options.MaxPerUser) problems.Add($"WATCH_MAX_TOTAL ({options.MaxTotal}) is below WATCH_MAX_PER_USER ({options.MaxPerUser}).");
        if (options.MaxBlocksPerScan is < 1 or > 1_000) problems.Add($"WATCH_MAX_BLOCKS_PER_SCAN: {options.MaxBlocksPerScan} is outside 1-1000.");
        if (options.LeaseSeconds is < 5 or > 3_600) problems.Add($"WATCH_LEASE_S: {options.LeaseSeconds} is outside 5-3600.");
        if (options.PollBudgetSeconds is < 1 or > 600) problems.Add($"WATCH_POLL_BUDGET_S: {options.PollBudgetSeconds} is outside 1-600.");
        if (options.PollBudgetSeconds >= options.LeaseSeconds) problems.Add($"WATCH_POLL_BUDGET_S ({options.PollBudgetSeconds}) must be below WATCH_LEASE_S ({options.LeaseSeconds}).");
        if (options.CommandsPerMinute is < 1 or > 600) problems.Add($"WATCH_COMMANDS_PER_MINUTE: {options.CommandsPerMinute} is outside 1-600.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
