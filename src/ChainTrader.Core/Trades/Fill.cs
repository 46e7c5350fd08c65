using System.Text.Json.Serialization;

namespace ChainTrader.Core.Trades;

/// <summary>
/// A settled fill in human units: <see cref="BaseQuantity"/> of the symbol bought or sold for
/// <see cref="QuoteAmount"/> of the quote token (worth <see cref="QuoteUsd"/>), plus gas. A GasOnly fill records a
/// reverted transaction's gas and moves no tokens. <see cref="OnChain"/> is what a mined transaction did to the
/// trading wallet in on-chain units (null for a PAPER fill, which never touches the chain).
/// </summary>
public sealed record Fill(
    string TradeId, string Symbol, TradeSide Side, decimal BaseQuantity, decimal QuoteAmount, decimal QuoteUsd,
    decimal GasNative, decimal GasUsd, FillKind Kind, string? TxHash, DateTimeOffset At, WalletEffect? OnChain = null)
{
    [JsonIgnore] public decimal PriceUsd => BaseQuantity == 0 ? 0m : QuoteUsd / BaseQuantity;
}
