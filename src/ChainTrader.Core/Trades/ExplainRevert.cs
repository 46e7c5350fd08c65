namespace ChainTrader.Core.Trades;

/// <summary>Find why the transaction reverted (replay with eth_call at its block); report <see cref="Reverted"/>.</summary>
public sealed record ExplainRevert(string Hash, long BlockNumber) : TradeEffect;
