namespace ChainTrader.Core.Chains;

/// <summary>How the desk's stored state relates to the chain an RPC serves now.</summary>
public enum ChainStateMatch
{
    /// <summary>Nothing recorded yet: this is the first run on this chain, so record what it serves.</summary>
    FirstSeen,

    /// <summary>The stored state belongs to this chain.</summary>
    Matches,

    /// <summary>The stored state belongs to another chain: trading on it is refused.</summary>
    Mismatch,
}
