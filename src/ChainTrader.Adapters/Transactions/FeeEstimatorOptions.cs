using System.Numerics;

namespace ChainTrader.Adapters.Transactions;

public sealed class FeeEstimatorOptions
{
    public FeeMode Mode { get; set; } = FeeMode.Auto;

    /// <summary>How many recent blocks eth_feeHistory covers (1-1024).</summary>
    public int HistoryBlocks { get; set; } = 10;

    /// <summary>Which percentile of each block's priority fees to take (0-100); the median over the blocks is used.</summary>
    public decimal RewardPercentile { get; set; } = 50m;

    /// <summary>The least priority fee offered, in wei (quiet chains report 0 tips, which some builders ignore). Default 0.01 gwei.</summary>
    public BigInteger MinPriorityFeePerGas { get; set; } = 10_000_000;

    /// <summary>maxFeePerGas = multiplier × next base fee + priority fee. 2 survives six full blocks in a row (1.125^6 ≈ 2.03).</summary>
    public int BaseFeeMultiplier { get; set; } = 2;

    /// <summary>Refuse to sign above this fee per gas (wei); null means no cap. A spike then waits instead of overpaying.</summary>
    public BigInteger? MaxFeePerGasCap { get; set; }

    /// <summary>
    /// Replacement bump in basis points, applied to both the priority fee and the fee cap (or the gas price). At least 1 000:
    /// geth, Erigon, Nethermind and Hardhat all refuse a same-nonce replacement under +10 %; the default 12.5 % keeps a margin
    /// over that rule and over the rounding of each node's check.
    /// </summary>
    public int ReplacementBumpBps { get; set; } = 1_250;
}
