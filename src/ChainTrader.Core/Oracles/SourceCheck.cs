namespace ChainTrader.Core.Oracles;

/// <summary>The result of one source's checks.</summary>
public sealed record SourceCheck(SourceReading Reading, IReadOnlyList<OracleRuleFailure> Failures);
