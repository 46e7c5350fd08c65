namespace ChainTrader.Core.Trades;

/// <summary>
/// A nonce the desk handed out that the chain cannot execute yet: at or above the account's pending count, so it (or a
/// nonce below it) is missing from the node's pool.
/// </summary>
/// <param name="Nonce">The nonce.</param>
/// <param name="Signed">A signed transaction with this nonce is stored (its bytes can be resent).</param>
/// <param name="Owner">Where the trade holding it stands.</param>
/// <param name="KnownToNode">The node has the signed transaction (queued behind a gap), so a fill must outbid it.</param>
/// <param name="InFlight">A reservation younger than the signing grace: its worker may be about to sign with it.</param>
/// <param name="SignedAbove">A transaction of ours with a higher nonce is signed: it cannot be mined until this one is.</param>
public sealed record StuckNonce(ulong Nonce, bool Signed, NonceOwner Owner, bool KnownToNode, bool InFlight, bool SignedAbove = false);
