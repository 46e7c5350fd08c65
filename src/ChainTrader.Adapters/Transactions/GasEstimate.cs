namespace ChainTrader.Adapters.Transactions;

/// <param name="Estimated">What the node estimated.</param>
/// <param name="GasLimit">The limit to sign: the estimate plus the margin, capped at the maximum.</param>
public sealed record GasEstimate(ulong Estimated, ulong GasLimit);
