using System.Globalization;

namespace ChainTrader.Core.Oracles;

/// <summary>An inclusive range of plausible USD prices for one asset.</summary>
public sealed record PriceRange(decimal Min, decimal Max)
{
    public bool Contains(decimal price) => price >= Min && price <= Max;

    public override string ToString() => $"{Min.ToString(CultureInfo.InvariantCulture)}–{Max.ToString(CultureInfo.InvariantCulture)}";
}
