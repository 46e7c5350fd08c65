namespace ChainTrader.Adapters.Transactions;

public sealed class GasEstimatorOptions
{
    /// <summary>Added to eth_estimateGas, in percent: state can move between estimate and inclusion (reserves, storage slots).</summary>
    public int MarginPercent { get; set; } = 20;

    /// <summary>The most gas any one transaction may be given; an estimate above it is refused.</summary>
    public ulong MaxGas { get; set; } = 3_000_000;

    internal void Validate()
    {
        if (MarginPercent is < 0 or > 500) throw new ArgumentOutOfRangeException(nameof(MarginPercent), MarginPercent, "MarginPercent must be 0 to 500.");
        if (MaxGas < 21_000) throw new ArgumentOutOfRangeException(nameof(MaxGas), MaxGas, "MaxGas must be at least 21000, the cost of a plain transfer.");
    }
}
