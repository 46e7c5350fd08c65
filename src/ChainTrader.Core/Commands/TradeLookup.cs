namespace ChainTrader.Core.Commands;

/// <summary>Which trade /status asks about: one trade by id, one transaction by hash, or (neither) all open trades.</summary>
public sealed record TradeLookup(string? TradeId, string? TransactionHash);
