namespace ChainTrader.Adapters.Transactions;

/// <summary>A signer's nonce bookkeeping on one chain: the next fresh nonce and the handed-out nonces not yet mined.</summary>
public sealed record NonceState(ulong NextNonce, IReadOnlyList<NonceEntry> Outstanding)
{
    /// <summary>
    /// The lowest nonce starting <paramref name="count"/> consecutive free ones: each released, or at or above
    /// <see cref="NextNonce"/> (never handed out). A released nonce too close below one in use to start such a run is
    /// passed over (see <see cref="Holes"/>).
    /// </summary>
    public ulong FirstFreeRun(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var released = Outstanding.Where(e => e.Status == NonceEntryStatus.Released).Select(e => e.Nonce).ToHashSet();
        bool Free(ulong nonce) => nonce >= NextNonce || released.Contains(nonce);
        return released.Order().Append(NextNonce)
            .First(start => Enumerable.Range(0, count).All(i => Free(start + (ulong)i)));
    }

    /// <summary>
    /// Released nonces below a nonce still in use: the chain executes nothing above such a hole until something is sent
    /// with it, and a run of consecutive nonces may never start there.
    /// </summary>
    public IReadOnlyList<ulong> Holes()
    {
        var inUse = Outstanding.Where(e => e.Status != NonceEntryStatus.Released).Select(e => e.Nonce).DefaultIfEmpty().Max();
        return Outstanding.Where(e => e.Status == NonceEntryStatus.Released && e.Nonce < inUse).Select(e => e.Nonce).Order().ToList();
    }
}
