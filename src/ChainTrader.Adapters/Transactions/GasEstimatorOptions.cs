namespace ChainTrader.Adapters.Transactions;

public sealed class GasEstimatorOptions
{
    /// <summary>Added to eth_estimateGas, in percent: state can move between estimate and inclusion (reserves, storage slots).</summary>
    public int MarginPercent { get; set; } = 20;

    /// <summary>The most gas any one transaction may be given; an estimate above it is refused.</summary>
    public ulong MaxGas { get; set; } = 3_000_000;
}
