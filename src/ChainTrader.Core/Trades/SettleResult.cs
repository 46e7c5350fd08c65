namespace ChainTrader.Core.Trades;

/// <summary>The ledger after a settlement; <see cref="Applied"/> is false when the trade was already settled.</summary>
public sealed record SettleResult(LedgerState Ledger, bool Applied, decimal RealisedPnlUsd, string Note);
