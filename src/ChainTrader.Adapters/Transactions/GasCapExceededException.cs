namespace ChainTrader.Adapters.Transactions;

/// <summary>The node's estimate is above <see cref="GasEstimatorOptions.MaxGas"/>.</summary>
public sealed class GasCapExceededException(ulong estimated, ulong cap, string what)
    : Exception($"{what} needs an estimated {estimated} gas, above the cap of {cap}.")
{
    public ulong Estimated { get; } = estimated;
    public ulong Cap { get; } = cap;
}
