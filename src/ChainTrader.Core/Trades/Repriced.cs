namespace ChainTrader.Core.Trades;

public sealed record Repriced(TradeQuote Quote) : TradeEvent;
