namespace ChainTrader.Core.Trades;

/// <summary>A holding: quantity of the symbol and what it cost in USD (average-cost method).</summary>
public sealed record Position(string Symbol, decimal Quantity, decimal CostUsd)
{
    public decimal AverageEntryUsd => Quantity == 0 ? 0m : CostUsd / Quantity;
}
