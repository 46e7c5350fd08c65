namespace ChainTrader.Core.Commands;

/// <summary>Every command the bot understands (SPEC 6), in the order /help lists them.</summary>
public static class CommandCatalog
{
    public static IReadOnlyList<CommandInfo> All { get; } =
    [
        new("start", "", "Introduction and your access level", UserRole.Stranger),
        new("help", "", "The commands you may use", UserRole.Stranger),
        // The wallet watcher is open to everyone (rate-limited per user by WATCH_COMMANDS_PER_MINUTE).
        new("watch", "ADDRESS [CHAIN] [LABEL]", "Tell me about transactions from or to an address", UserRole.Stranger),
        new("unwatch", "ADDRESS|LABEL", "Stop watching an address", UserRole.Stranger),
        new("watches", "", "The addresses you watch", UserRole.Stranger),
        new("tx", "HASH [CHAIN]", "Status of any transaction", UserRole.Stranger, ReadsChainLive: true),
        new("price", "SYMBOL|TOKEN_ADDRESS", "Oracle price of a token", UserRole.Trader),
        new("quote", "AMOUNT FROM TO", "Quote a swap without trading", UserRole.Trader, ReadsChainLive: true),
        new("buy", "AMOUNT SYMBOL [with TOKEN]", "Spend AMOUNT of the quote token (USDC), or of TOKEN, on SYMBOL", UserRole.Trader),
        new("sell", "AMOUNT|all SYMBOL", "Sell a token for the quote token (USDC); all = the desk's position in this mode", UserRole.Trader),
        new("swap", "AMOUNT FROM TO", "Swap one token for another", UserRole.Trader),
        new("status", "[TRADE_ID|TX_HASH]", "Status of your open trades or of one", UserRole.Trader),
        new("positions", "", "Open positions in the current mode's book", UserRole.Trader),
        new("balance", "[SYMBOL|TOKEN_ADDRESS]", "Wallet balances", UserRole.Trader, ReadsChainLive: true),
        new("pnl", "[day|week|month|all]", "Profit and loss of the current mode's book", UserRole.Trader),
        new("history", "[TRADE_ID|COUNT]", "Your recent trades (1-50, default 10), or one trade's story", UserRole.Trader),
        new("cancel", "TRADE_ID", "Cancel a trade that is not yet submitted", UserRole.Trader),
        new("emergency_stop", "[REASON]", "Halt all trading at once", UserRole.Admin),
        // Only a super-admin may lift the stop (GateRules), so neither /help nor the menu offers it to plain admins.
        new("emergency_resume", "", "Resume trading after an emergency stop", UserRole.SuperAdmin),
        new("maintenance_mode", "[on|off]", "Show or switch maintenance mode", UserRole.Admin),
        new("execution_mode", "[DRY_RUN|PAPER|LIVE]", "Show or switch the execution mode", UserRole.Admin),
        new("system_status", "", "Version, gates, uptime, dependencies", UserRole.Admin),
        new("risk_summary", "", "Risk limits and their usage", UserRole.Admin),
        new("rate_limits", "", "Configured rate limits and current usage", UserRole.Admin),
        new("price_feeds", "", "Health of every price feed", UserRole.Admin),
        new("config", "", "Effective configuration (no secrets)", UserRole.Admin),
    ];

    public static CommandInfo? Find(string name) => All.FirstOrDefault(c => c.Name == name);

    public static CommandInfo Get(string name) =>
        Find(name) ?? throw new KeyNotFoundException($"/{name} is not in the command catalog.");

    /// <summary>The commands a role may use, in catalog order.</summary>
    public static IEnumerable<CommandInfo> For(UserRole role) => All.Where(c => c.MinimumRole <= role);
}
