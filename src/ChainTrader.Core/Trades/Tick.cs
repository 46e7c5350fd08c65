namespace ChainTrader.Core.Trades;

/// <summary>Time passed (the sweeper found the trade due): timeouts fire and pending requests are re-issued.</summary>
public sealed record Tick : TradeEvent;
