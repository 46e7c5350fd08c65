namespace ChainTrader.Core.Trades;

public sealed record CancelRequested(long ByUserId) : TradeEvent;
