namespace ChainTrader.Adapters.Transactions;

/// <summary>How fees are chosen: EIP-1559 when the chain has a base fee, legacy gas price otherwise (or as configured).</summary>
public enum FeeMode
{
    /// <summary>EIP-1559 when eth_feeHistory reports a base fee, legacy otherwise.</summary>
    Auto,
    Eip1559,
    Legacy,
}
