using System.Numerics;
using ChainTrader.Core.Evm;

namespace ChainTrader.Adapters.Contracts;

/// <summary>A pair's <c>Sync</c> log: its reserves after the operation.</summary>
public sealed record UniswapV2Sync(Address Pair, BigInteger Reserve0, BigInteger Reserve1, ulong LogIndex);
