using System.Numerics;
using ChainTrader.Core.Evm;

namespace ChainTrader.Adapters.Contracts;

/// <summary>A pair's <c>Swap</c> log: what went in and came out on each side.</summary>
public sealed record UniswapV2Swap(Address Pair, Address Sender, Address To, BigInteger Amount0In, BigInteger Amount1In,
    BigInteger Amount0Out, BigInteger Amount1Out, ulong LogIndex);
