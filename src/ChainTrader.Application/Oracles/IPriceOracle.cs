using ChainTrader.Core.Oracles;

namespace ChainTrader.Application.Oracles;

/// <summary>
/// The price a trade decision may use. Both methods fail closed: anything short of a fresh price that passed every rule
/// comes back <see cref="PriceVerdict.NotUsable"/> with every reason named (never an exception for a bad or missing price).
/// A symbol the deployment does not price throws <see cref="UnsupportedSymbolException"/> listing the supported ones.
/// </summary>
public interface IPriceOracle
{
    /// <summary>
    /// The latest polled assessment of <paramref name="symbol"/> (any form the normaliser accepts), re-checked against now:
    /// a snapshot older than ORACLE_MAX_AGE_S, or a source that has since aged past its limit, is not usable. One table
    /// read. A usable result is the stored snapshot, citable by (symbol, <see cref="PriceAssessment.EvaluatedAt"/>)
    /// through <see cref="OracleSnapshotStore.GetAsync(string, DateTimeOffset, CancellationToken)"/>.
    /// </summary>
    Task<PriceAssessment> CurrentAsync(string symbol, CancellationToken cancellationToken);

    /// <summary>
    /// Reads every source of <paramref name="symbol"/> now (one RPC batch per chain, Hermes in parallel, bounded by
    /// ORACLE_READ_TIMEOUT_S) and assesses it; the result is stored in the snapshot history so it can be cited. For
    /// re-pricing at Confirm.
    /// </summary>
    Task<PriceAssessment> AssessNowAsync(string symbol, CancellationToken cancellationToken);
}
