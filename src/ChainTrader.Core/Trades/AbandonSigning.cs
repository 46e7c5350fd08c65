namespace ChainTrader.Core.Trades;

/// <summary>
/// The trade ended before the transaction requested under <see cref="SigningKey"/> was recorded, so it is never
/// broadcast: discard it and give its nonce back (reconcile with eth_getTransactionCount(pending)).
/// </summary>
public sealed record AbandonSigning(string SigningKey) : TradeEffect;
