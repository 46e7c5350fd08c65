using System.Numerics;

namespace ChainTrader.Core.Trades;

/// <summary>
/// A receipt, reduced to what the lifecycle needs: where it was mined, whether it succeeded, gas, and the wallet's
/// balance changes of the two tokens decoded from its Transfer/Swap logs (negative = spent).
/// </summary>
public sealed record ReceiptFacts(
    string TxHash, long BlockNumber, string BlockHash, bool Succeeded,
    BigInteger GasUsed, BigInteger EffectiveGasPrice, BigInteger TokenInDelta, BigInteger TokenOutDelta);
