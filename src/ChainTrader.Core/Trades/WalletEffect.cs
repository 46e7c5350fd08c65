using System.Numerics;

namespace ChainTrader.Core.Trades;

/// <summary>
/// What one mined transaction of a trade did to the trading wallet, in on-chain units: the mined block, the change of
/// each swapped token's balance (negative = spent; zero for a reverted swap) and the gas it paid in the native coin's
/// smallest unit (wei).
/// </summary>
public sealed record WalletEffect(long Block, string TokenIn, BigInteger TokenInDelta, string TokenOut, BigInteger TokenOutDelta, BigInteger GasWei);
