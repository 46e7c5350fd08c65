namespace ChainTrader.Functions.Trades;

/// <summary>An open trade the sweeper must look at, with the trace it was opened under.</summary>
public sealed record DueTrade(string TradeId, string? TraceParent);
