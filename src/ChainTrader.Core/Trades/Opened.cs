namespace ChainTrader.Core.Trades;

/// <summary>The trade was opened (the first history entry; only <see cref="TradeStateMachine.Open"/> records it).</summary>
public sealed record Opened(TradeIntent Intent) : TradeEvent;
