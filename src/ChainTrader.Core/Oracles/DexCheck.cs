namespace ChainTrader.Core.Oracles;

/// <summary>The DEX quote's implied price and what it failed.</summary>
public sealed record DexCheck(string Source, decimal? ImpliedPrice, decimal? DeviationBps, IReadOnlyList<OracleRuleFailure> Failures);
