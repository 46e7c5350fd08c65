namespace ChainTrader.Core.Chains;

public enum InclusionStatus
{
    /// <summary>Never seen in a block (still pending, or unknown).</summary>
    NotIncluded,

    /// <summary>In a canonical block, short of the confirmation depth.</summary>
    Included,

    /// <summary>In a canonical block at least the confirmation depth deep: treated as permanent.</summary>
    Final,

    /// <summary>Was seen in a block that is no longer canonical, and is not (yet) in another one.</summary>
    Reorged,
}
