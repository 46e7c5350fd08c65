namespace ChainTrader.Core.Oracles;

/// <summary>Which rule failed; the message says by how much.</summary>
public enum OracleRule
{
    ReadFailed,
    Stale,
    FutureTimestamp,
    NonPositive,
    IncompleteRound,
    Unrepresentable,
    SanityRange,
    WideConfidence,
    SequencerMissing,
    SequencerInvalid,
    SequencerDown,
    SequencerGracePeriod,
    InsufficientSources,
    Deviation,
    DexInvalid,
    DexOutlier,
}
