using ChainTrader.Core.Evm;

namespace ChainTrader.Adapters.Contracts;

/// <summary>
/// All feeds read in one round trip. <see cref="BlockNumber"/>/<see cref="BlockTime"/> are the head when the batch
/// started. Against "latest", a block mined while the node worked through the batch means the reads may come from
/// <see cref="BlockNumber"/> to <see cref="LastBlockNumber"/>; <see cref="SameBlock"/> says whether that range is one block.
/// </summary>
public sealed record ChainlinkSnapshot(ulong BlockNumber, DateTimeOffset BlockTime, ulong LastBlockNumber, IReadOnlyList<ChainlinkFeedRead> Feeds)
{
    public bool SameBlock => BlockNumber == LastBlockNumber;

    public ChainlinkFeedRead this[Address feed] =>
        Feeds.FirstOrDefault(f => f.Feed == feed) ?? throw new KeyNotFoundException($"Feed {feed} was not part of this read.");
}
