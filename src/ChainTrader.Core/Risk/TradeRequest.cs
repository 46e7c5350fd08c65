using ChainTrader.Core.Commands;
using ChainTrader.Core.Trades;

namespace ChainTrader.Core.Risk;

/// <summary>
/// The trade being checked. Amounts are human units of the token (decimal); <see cref="AmountIn"/> is what the
/// trader typed, checked against <see cref="AmountInDecimals"/>. <see cref="ExpectedOut"/>, <see cref="MinOut"/>,
/// <see cref="PriceImpactBps"/>, <see cref="GasCostUsd"/> and <see cref="VenueFeeUsd"/> come from the quote.
/// <see cref="Leverage"/> is null on spot venues.
/// </summary>
public sealed record TradeRequest(
    long UserId,
    UserRole Role,
    TradeSide Side,
    string Symbol,
    decimal AmountIn,
    int AmountInDecimals,
    decimal ExpectedOut,
    decimal MinOut,
    decimal NotionalUsd,
    int PriceImpactBps,
    decimal GasCostUsd,
    decimal VenueFeeUsd,
    LeverageTerms? Leverage = null)
{
    public bool IsLeveraged => Leverage is { Leverage: > 1m };

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Symbol)) throw new ArgumentException("Trade request has no symbol.", nameof(Symbol));
        if (AmountInDecimals is < 0 or > TokenUnits.MaxDecimals)
            throw new ArgumentException($"Trade request's token decimals {AmountInDecimals} is outside 0..{TokenUnits.MaxDecimals}.", nameof(AmountInDecimals));
        if (ExpectedOut < 0) throw new ArgumentException($"Trade request's expected out {ExpectedOut} is negative.", nameof(ExpectedOut));
        if (MinOut < 0) throw new ArgumentException($"Trade request's min out {MinOut} is negative.", nameof(MinOut));
        if (NotionalUsd < 0) throw new ArgumentException($"Trade request's notional ${NotionalUsd} is negative.", nameof(NotionalUsd));
        if (PriceImpactBps < 0) throw new ArgumentException($"Trade request's price impact {PriceImpactBps} bps is negative.", nameof(PriceImpactBps));
        if (GasCostUsd < 0) throw new ArgumentException($"Trade request's gas cost ${GasCostUsd} is negative.", nameof(GasCostUsd));
        if (VenueFeeUsd < 0) throw new ArgumentException($"Trade request's venue fee ${VenueFeeUsd} is negative.", nameof(VenueFeeUsd));
        Leverage?.Validate();
    }
}
