using System.Numerics;
using ChainTrader.Core.Evm;

namespace ChainTrader.Application.Oracles;

/// <summary>
/// The DEX quote checked against the oracle for one symbol: <see cref="AmountIn"/> of the USD stablecoin (path[0]) sold
/// for the symbol's token (path[^1]) through the chain's canonical router.
/// </summary>
public sealed record DexRoute(string Chain, string Symbol, Address Router, IReadOnlyList<Address> Path, IReadOnlyList<string> Tickers, BigInteger AmountIn,
    int DecimalsIn, int DecimalsOut)
{
    public string Venue => $"{string.Join("→", Tickers)} on {Chain}";
}
