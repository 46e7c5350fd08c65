using System.Numerics;
using ChainTrader.Core.Chains;
using ChainTrader.Core.Evm;

namespace ChainTrader.Core.Watching;

/// <summary>
/// One movement of value in a transaction: the transaction itself (native coin, possibly zero for a contract call) or an
/// ERC-20 Transfer event. <see cref="Token"/> is null for the native coin.
/// </summary>
public sealed record ObservedTransfer(string TransactionHash, BlockRef Block, Address? Token, Address From, Address? To, BigInteger Units)
{
    public bool IsNative => Token is null;
}
