namespace ChainTrader.Core.Watching;

/// <summary>An ERC-20 token's display metadata (from its decimals() and symbol()).</summary>
public sealed record TokenInfo(string Symbol, int Decimals);
