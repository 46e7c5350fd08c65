namespace ChainTrader.Core.Trades;

/// <summary>Quote the same input again and report <see cref="Repriced"/>.</summary>
public sealed record RequestReprice : TradeEffect;
