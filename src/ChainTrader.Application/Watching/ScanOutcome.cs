namespace ChainTrader.Application.Watching;

public enum ScanOutcome
{
    /// <summary>First scan of the chain: the cursor now starts at the head; earlier blocks are never announced.</summary>
    Started,

    /// <summary>No new block since the last scan.</summary>
    UpToDate,

    /// <summary>Blocks were scanned and the cursor advanced.</summary>
    Scanned,

    /// <summary>Another instance holds the chain's lease (or took the cursor meanwhile): nothing was done here.</summary>
    Busy,

    /// <summary>The node's answers did not fit together (a reorg between round trips, a lagging endpoint): retried next poll.</summary>
    Inconsistent,
}
