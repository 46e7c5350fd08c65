using Microsoft.Extensions.Options;

namespace ChainTrader.Functions.Watching;

/// <summary>Wallet watcher settings (flat names, as operators see them in app settings).</summary>
public sealed class WatcherOptions
{
    /// <summary>Watches one user may hold, across chains.</summary>
    [ConfigurationKeyName("WATCH_MAX_PER_USER")]
    public int MaxPerUser { get; set; } = 20;

    /// <summary>Watches the whole deployment may hold.</summary>
    [ConfigurationKeyName("WATCH_MAX_TOTAL")]
    public int MaxTotal { get; set; } = 5_000;

    /// <summary>Most blocks one scan fetches (in one batch); a poll repeats scans while behind, within its time budget.</summary>
    [ConfigurationKeyName("WATCH_MAX_BLOCKS_PER_SCAN")]
    public int MaxBlocksPerScan { get; set; } = 50;

    /// <summary>How long a scanning instance holds a chain's cursor; a crashed scanner's range is taken over after this.</summary>
    [ConfigurationKeyName("WATCH_LEASE_S")]
    public int LeaseSeconds { get; set; } = 60;

    /// <summary>How long one WatchPoll run keeps scanning while the chain is ahead of the cursor.</summary>
    [ConfigurationKeyName("WATCH_POLL_BUDGET_S")]
    public int PollBudgetSeconds { get; set; } = 4;

    /// <summary>/watch, /unwatch, /watches and /tx per user per minute (they are open to strangers).</summary>
    [ConfigurationKeyName("WATCH_COMMANDS_PER_MINUTE")]
    public int CommandsPerMinute { get; set; } = 10;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);
    public TimeSpan PollBudget => TimeSpan.FromSeconds(PollBudgetSeconds);
}

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

/// <summary>The watcher's tables (docs/architecture.md "Tables"); tests give each run its own.</summary>
public sealed record WatcherTableNames(string Watches = "Watches", string Transactions = "WatchTxs", string Cursors = "WatchCursors");
