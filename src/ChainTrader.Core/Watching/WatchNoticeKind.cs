namespace ChainTrader.Core.Watching;

public enum WatchNoticeKind
{
    /// <summary>First seen in a block, with its confirmations so far.</summary>
    Seen,

    /// <summary>Reached the chain's confirmation depth.</summary>
    Final,

    /// <summary>Its block left the canonical chain and the transaction is in no other block (a correction).</summary>
    Removed,

    /// <summary>Included again after a <see cref="Removed"/> correction.</summary>
    Back,
}
