using System.Numerics;

namespace ChainTrader.Core.Trades;

/// <summary>Gas the wallet paid for a transaction that is not a trade's fill (an approval), mined at <see cref="Block"/>.</summary>
public sealed record GasCharge(string TxHash, long Block, BigInteger GasWei);
