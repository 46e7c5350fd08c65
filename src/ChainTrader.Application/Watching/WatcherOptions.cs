namespace ChainTrader.Application.Watching;

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
