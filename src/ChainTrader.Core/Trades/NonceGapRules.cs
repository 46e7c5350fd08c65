namespace ChainTrader.Core.Trades;

/// <summary>
/// How a nonce gap is healed. A nonce whose trade is still running is given back to the network (its stored bytes resent)
/// or left to its trade; a nonce nobody will ever broadcast again (its trade ended or is gone) is filled with a zero-value
/// self-transfer, which also makes any stale bytes signed with it invalid, so an ended trade can never execute later.
/// </summary>
public static class NonceGapRules
{
    public static NonceRemedy Remedy(StuckNonce nonce)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        if (nonce.Owner == NonceOwner.Live)
        {
            if (!nonce.Signed) return NonceRemedy.Wait; // its trade signs with it next
            return nonce.KnownToNode ? NonceRemedy.Wait : NonceRemedy.Resend;
        }
        // An unclaimed reservation may be a worker's between reserving and recording it: give it the signing grace first.
        if (nonce.InFlight) return NonceRemedy.Wait;
        // Never signed and claimed by nobody, with nothing of ours waiting above it: nothing was broadcast with it, and the
        // signing store gives it back for the next signature to reuse, so filling it would only spend gas.
        return nonce is { Owner: NonceOwner.Unclaimed, Signed: false, SignedAbove: false } ? NonceRemedy.Wait : NonceRemedy.Fill;
    }
}
