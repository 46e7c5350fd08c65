using System.Globalization;
using System.Numerics;
using ChainTrader.Adapters.Oracles;
using ChainTrader.Core.Chains;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Oracles;
using ChainTrader.Functions.Configuration;

namespace ChainTrader.Functions.Oracles;

/// <summary>A token on one chain, keyed by the canonical symbol it tracks (WETH → ETH).</summary>
public sealed record ChainToken(string Ticker, Address Address, int Decimals);
