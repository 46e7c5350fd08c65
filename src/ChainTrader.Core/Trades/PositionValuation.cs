namespace ChainTrader.Core.Trades;

/// <summary>A position valued at an oracle price.</summary>
public sealed record PositionValuation(string Symbol, decimal Quantity, decimal AverageEntryUsd, decimal PriceUsd, decimal ValueUsd, decimal UnrealisedPnlUsd);
