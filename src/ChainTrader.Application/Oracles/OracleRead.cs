using ChainTrader.Core.Oracles;

namespace ChainTrader.Application.Oracles;

/// <summary>Everything read for a set of symbols in one go.</summary>
public sealed record OracleRead(
    IReadOnlyDictionary<string, OracleInputs> Inputs,
    IReadOnlyList<SourceProvenance> Provenance,
    IReadOnlyList<ChainRead> Chains,
    DateTimeOffset ReadAt);
