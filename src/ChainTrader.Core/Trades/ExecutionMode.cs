namespace ChainTrader.Core.Trades;

/// <summary>The safety ladder (SPEC §5). Recorded on a trade when it is confirmed.</summary>
public enum ExecutionMode { DryRun, Paper, Live }
