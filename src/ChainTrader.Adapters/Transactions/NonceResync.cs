namespace ChainTrader.Adapters.Transactions;

/// <summary>What a resync found and did.</summary>
/// <param name="MinedCount">eth_getTransactionCount(latest): nonces below it are mined.</param>
/// <param name="PendingCount">eth_getTransactionCount(pending): nonces below it are mined or in the node's pool.</param>
/// <param name="NextNonce">The next fresh nonce after the resync.</param>
/// <param name="JumpedFrom">The old next nonce when the chain was ahead of it (the key was used elsewhere), else null.</param>
/// <param name="Reclaimed">Abandoned reservations and gaps made reusable.</param>
/// <param name="AwaitingBroadcast">Signed nonces the node has no transaction for: rebroadcast their stored bytes.</param>
/// <param name="Superseded">Reservations (not signed) whose nonce the chain already used: their holders must not sign with them.</param>
/// <param name="State">The state as the resync left it stored.</param>
public sealed record NonceResync(ulong MinedCount, ulong PendingCount, ulong NextNonce, ulong? JumpedFrom,
    IReadOnlyList<ulong> Reclaimed, IReadOnlyList<NonceEntry> AwaitingBroadcast, IReadOnlyList<ulong> Superseded, NonceState State);
