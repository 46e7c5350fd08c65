using System.Numerics;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Adapters.Rpc;

/// <summary>
/// A checked receipt's figures as the project uses them. The calls in <see cref="Eth"/> have made sure the status is 0 or 1
/// and that the block number and gas used fit in 64 bits before anyone reads them.
/// </summary>
public static class ReceiptReadings
{
    /// <summary>Status 1 means the transaction executed; 0 means it reverted (and still paid for gas).</summary>
    public static bool Succeeded(this TransactionReceipt receipt) => receipt.Status.Value == 1;

    public static ulong Height(this TransactionReceipt receipt) => (ulong)receipt.BlockNumber.Value;

    /// <summary>What the transaction paid for gas, in wei: gas used times the effective gas price.</summary>
    public static BigInteger GasCost(this TransactionReceipt receipt) => receipt.GasUsed.Value * receipt.EffectiveGasPrice.Value;
}
