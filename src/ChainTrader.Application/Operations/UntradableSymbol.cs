namespace ChainTrader.Application.Operations;

/// <summary>One symbol the oracle judged untradable, and why (e.g. "chainlink ETH/USD age 95 s &gt; max 30 s").</summary>
public sealed record UntradableSymbol(string Symbol, string Reason);
