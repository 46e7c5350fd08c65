using System.Numerics;

namespace ChainTrader.Core.Oracles;

/// <summary>
/// A DEX quote (<c>getAmountsOut</c>) between the symbol's token and a USD stablecoin, in raw token units.
/// <paramref name="SellsSymbol"/> is true when AmountIn is the symbol's token (price = out / in), false when the
/// stablecoin goes in (price = in / out).
/// </summary>
public sealed record DexQuote(string Symbol, string Venue, BigInteger AmountIn, int DecimalsIn, BigInteger AmountOut, int DecimalsOut, bool SellsSymbol)
{
    public string Source => $"dex {Venue}";
}
