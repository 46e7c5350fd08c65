namespace ChainTrader.Adapters.Transactions;

/// <summary>A stored state and the ETag to write it back with.</summary>
public sealed record StoredNonceState(NonceState State, string ETag);
