namespace ChainTrader.Core.Trades;

/// <summary>An ERC-20 (or wrapped native) token on the trade's chain.</summary>
public sealed record TokenLeg(string Symbol, string Address, int Decimals);
