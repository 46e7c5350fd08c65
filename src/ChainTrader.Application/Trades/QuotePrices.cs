namespace ChainTrader.Application.Trades;

/// <summary>USD prices a quote needs, each with the oracle's verdict; <see cref="Problems"/> names every unusable one.</summary>
public sealed record QuotePrices(decimal BaseUsd, decimal QuoteTokenUsd, decimal NativeUsd, IReadOnlyList<string> Problems)
{
    public bool Usable => Problems.Count == 0;
}
