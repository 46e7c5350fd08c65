namespace ChainTrader.Adapters.Transactions;

/// <summary>A signer's nonce bookkeeping on one chain: the next fresh nonce and the handed-out nonces not yet mined.</summary>
public sealed record NonceState(ulong NextNonce, IReadOnlyList<NonceEntry> Outstanding);
