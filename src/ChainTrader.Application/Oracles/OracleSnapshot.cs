using ChainTrader.Core.Oracles;

namespace ChainTrader.Application.Oracles;

/// <summary>
/// One assessment as stored: the verdict with every source's reading (value, age, round) and where each came from.
/// A later decision cites it by (symbol, <see cref="PriceAssessment.EvaluatedAt"/>).
/// </summary>
public sealed record OracleSnapshot(PriceAssessment Assessment, IReadOnlyList<SourceProvenance> Provenance);
