using System.Numerics;

namespace ChainTrader.Core.Trades;

/// <summary>
/// The wallet's balance of one asset as read from the chain at <see cref="Block"/>: the opening figure reconciliation
/// counts from. <see cref="Asset"/> is <see cref="WalletBalances.Native"/> or the token's address.
/// </summary>
public sealed record WalletBaseline(string Asset, BigInteger Amount, long Block);
