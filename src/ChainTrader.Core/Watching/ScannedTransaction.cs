using System.Numerics;
using ChainTrader.Core.Chains;
using ChainTrader.Core.Evm;

namespace ChainTrader.Core.Watching;

/// <summary>A transaction of a scanned block, reduced to what the watcher matches on.</summary>
public sealed record ScannedTransaction(string Hash, BlockRef Block, Address From, Address? To, BigInteger Value);
