using ChainTrader.Core.Chains;

namespace ChainTrader.Application.Watching;

/// <summary>
/// How far a chain has been scanned: the last scanned block, the hashes of the most recent scanned blocks (to find where a
/// reorg forked off), and the lease of the instance scanning now. Every write is conditional on the ETag read.
/// </summary>
public sealed record ScanCursor(string Chain, BlockRef ScannedThrough, IReadOnlyList<BlockRef> Recent, string? LeaseOwner, DateTimeOffset? LeaseUntil, string? ETag)
{
    /// <summary>Enough to find the fork point of any reorg up to this depth.</summary>
    public const int RecentBlocks = 128;

    public bool LeasedByOtherThan(string instance, DateTimeOffset now) => LeaseOwner is not null && LeaseOwner != instance && LeaseUntil > now;

    /// <summary>The cursor after scanning <paramref name="scanned"/> (which continue the chain from a block in <see cref="Recent"/> or from <see cref="ScannedThrough"/>).</summary>
    public ScanCursor Advanced(IReadOnlyList<BlockRef> scanned)
    {
        var first = scanned[0].Number;
        var recent = Recent.Where(b => b.Number < first).Concat(scanned).TakeLast(RecentBlocks).ToList();
        return this with { ScannedThrough = scanned[^1], Recent = recent, LeaseOwner = null, LeaseUntil = null };
    }
}
