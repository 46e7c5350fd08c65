using System.Numerics;

namespace ChainTrader.Adapters.Contracts;

/// <summary>What a mined swap actually moved along its path, from its receipt's <c>Swap</c> logs.</summary>
public sealed record SwapFill(BigInteger AmountIn, BigInteger AmountOut, IReadOnlyList<UniswapV2Swap> Swaps);
