using ChainTrader.Core.Evm;
using ChainTrader.Core.Trades;

namespace ChainTrader.Core.Commands;

/// <summary>A command with syntactically valid arguments; <see cref="Name"/> is the catalog name without the slash.</summary>
public abstract record ChatCommand(string Name);

/// <summary>A token named by its symbol (upper-cased) or by its contract address.</summary>
public abstract record AssetRef
{
    public abstract string Display { get; }
}

public sealed record SymbolAsset(string Symbol) : AssetRef
{
    public override string Display => Symbol;
}

/// <summary>A token contract address (EIP-55 checked when written in mixed case); shown checksummed.</summary>
public sealed record AddressAsset(Address Address) : AssetRef
{
    public override string Display => Address.ToString();
}

/// <summary>Which trade /status asks about: one trade by id, one transaction by hash, or (neither) all open trades.</summary>
public sealed record TradeLookup(string? TradeId, string? TransactionHash);

public enum PnlPeriod { Day, Week, Month, All }

// Trader commands.
public sealed record StartCommand() : ChatCommand("start");
public sealed record HelpCommand() : ChatCommand("help");
/// <summary>/watch, /unwatch, /watches or /tx with its words; the wallet watcher checks them (see ChainTrader.Core.Watching.WatchArguments).</summary>
public sealed record WatcherCommand(string Command, IReadOnlyList<string> Arguments) : ChatCommand(Command);
public sealed record PriceCommand(AssetRef Asset) : ChatCommand("price");
/// <summary>A quote for swapping <see cref="Amount"/> of <see cref="From"/> into <see cref="To"/>, without opening a trade.</summary>
public sealed record QuoteCommand(decimal Amount, AssetRef From, AssetRef To) : ChatCommand("quote");
/// <summary>
/// Spend <see cref="Amount"/> of <see cref="PayWith"/> (null: the configured quote token, TRADING_QUOTE_TOKEN) on
/// <see cref="Asset"/>. The amount is in units of the paying token.
/// </summary>
public sealed record BuyCommand(AssetRef Asset, decimal Amount, AssetRef? PayWith = null) : ChatCommand("buy");
/// <summary>Sell <see cref="Amount"/> of <see cref="Asset"/> (in token units); null means all of it.</summary>
public sealed record SellCommand(AssetRef Asset, decimal? Amount) : ChatCommand("sell")
{
    public bool All => Amount is null;
}
public sealed record SwapCommand(decimal Amount, AssetRef From, AssetRef To) : ChatCommand("swap");
public sealed record StatusCommand(TradeLookup Lookup) : ChatCommand("status");
public sealed record PositionsCommand() : ChatCommand("positions");
/// <summary>Balances of every tracked token, or of one.</summary>
public sealed record BalanceCommand(AssetRef? Asset) : ChatCommand("balance");
public sealed record PnlCommand(PnlPeriod Period) : ChatCommand("pnl");
/// <summary>The trader's last <see cref="Count"/> trades, or (when <see cref="Trade"/> is set) that one trade's full story.</summary>
public sealed record HistoryCommand(int Count, TradeLookup? Trade = null) : ChatCommand("history");
public sealed record CancelCommand(string TradeId) : ChatCommand("cancel");

// Admin commands.
public sealed record EmergencyStopCommand(string? Reason) : ChatCommand("emergency_stop");
public sealed record EmergencyResumeCommand() : ChatCommand("emergency_resume");
/// <summary>Turns maintenance mode on or off; null shows the current state.</summary>
public sealed record MaintenanceModeCommand(bool? On) : ChatCommand("maintenance_mode");
/// <summary>Chooses the execution mode; null shows the current one.</summary>
public sealed record ExecutionModeCommand(ExecutionMode? Mode) : ChatCommand("execution_mode");
public sealed record SystemStatusCommand() : ChatCommand("system_status");
public sealed record RiskSummaryCommand() : ChatCommand("risk_summary");
public sealed record RateLimitsCommand() : ChatCommand("rate_limits");
public sealed record PriceFeedsCommand() : ChatCommand("price_feeds");
public sealed record ConfigCommand() : ChatCommand("config");

public static class ExecutionModes
{
    /// <summary>The setting/command spelling: DRY_RUN, PAPER, LIVE.</summary>
    public static string ToSettingValue(this ExecutionMode mode) => mode switch
    {
        ExecutionMode.DryRun => "DRY_RUN",
        ExecutionMode.Paper => "PAPER",
        ExecutionMode.Live => "LIVE",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown execution mode."),
    };

    /// <summary>Case-insensitive DRY_RUN, PAPER or LIVE.</summary>
    public static bool TryParse(string? text, out ExecutionMode mode)
    {
        mode = ExecutionMode.DryRun;
        switch (text?.ToUpperInvariant())
        {
            case "DRY_RUN": mode = ExecutionMode.DryRun; return true;
            case "PAPER": mode = ExecutionMode.Paper; return true;
            case "LIVE": mode = ExecutionMode.Live; return true;
            default: return false;
        }
    }
}
