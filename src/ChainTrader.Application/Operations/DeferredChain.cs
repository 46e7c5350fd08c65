namespace ChainTrader.Application.Operations;

/// <summary>A chain whose balances cannot be compared this run (e.g. "2 trades in flight"); reconciliation retries it soon.</summary>
public sealed record DeferredChain(string Chain, string Reason);
