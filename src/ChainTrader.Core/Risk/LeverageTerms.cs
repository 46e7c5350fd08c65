namespace ChainTrader.Core.Risk;

/// <summary>A leveraged position's terms: leverage, entry price and the venue's liquidation price for it.</summary>
public sealed record LeverageTerms(decimal Leverage, decimal EntryPrice, decimal LiquidationPrice)
{
    /// <summary>Distance from entry to liquidation as a percentage of entry.</summary>
    public decimal LiquidationBufferPercent => Math.Abs(EntryPrice - LiquidationPrice) / EntryPrice * 100m;

    public void Validate()
    {
        if (Leverage < 1) throw new ArgumentException($"Leverage {Leverage} is below 1.", nameof(Leverage));
        if (EntryPrice <= 0) throw new ArgumentException($"Entry price {EntryPrice} must be positive.", nameof(EntryPrice));
        if (LiquidationPrice < 0) throw new ArgumentException($"Liquidation price {LiquidationPrice} is negative.", nameof(LiquidationPrice));
    }
}
