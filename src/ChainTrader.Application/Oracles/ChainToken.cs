using ChainTrader.Core.Evm;

namespace ChainTrader.Application.Oracles;

/// <summary>A token on one chain, keyed by the canonical symbol it tracks (WETH → ETH).</summary>
public sealed record ChainToken(string Ticker, Address Address, int Decimals);
