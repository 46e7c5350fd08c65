using System.Text.Json.Serialization;

namespace ChainTrader.Core.Trades;

/// <summary>
/// What the trader asked for: <see cref="Side"/> Buy spends <see cref="AmountIn"/> of <see cref="Quote"/> for
/// <see cref="Base"/>; Sell spends <see cref="AmountIn"/> of <see cref="Base"/> for <see cref="Quote"/>.
/// <see cref="PositionBook"/> is set for <c>/sell all</c>: the book (<see cref="Ledger.BookOf(ExecutionMode)"/>) whose whole
/// position the amount is, so the sale is never confirmed in a mode that trades another book.
/// </summary>
public sealed record TradeIntent(long UserId, long ChatId, TradeSide Side, TokenLeg Base, TokenLeg Quote, decimal AmountIn, ExecutionMode? PositionBook = null)
{
    [JsonIgnore] public TokenLeg TokenIn => Side == TradeSide.Buy ? Quote : Base;
    [JsonIgnore] public TokenLeg TokenOut => Side == TradeSide.Buy ? Base : Quote;

    /// <summary>What the trader asked for, in plain text: "Buy ETH with 200 USDC" or "Sell 0.5 ETH for USDC".</summary>
    [JsonIgnore]
    public string Summary => Side == TradeSide.Buy
        ? $"Buy {Base.Symbol} with {AmountIn.ToString(System.Globalization.CultureInfo.InvariantCulture)} {Quote.Symbol}"
        : $"Sell {AmountIn.ToString(System.Globalization.CultureInfo.InvariantCulture)} {Base.Symbol} for {Quote.Symbol}";
}
