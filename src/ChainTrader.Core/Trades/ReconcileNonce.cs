namespace ChainTrader.Core.Trades;

/// <summary>The nonce was not consumed by this trade: reconcile the signer's nonce with eth_getTransactionCount(pending).</summary>
public sealed record ReconcileNonce(long Nonce) : TradeEffect;
