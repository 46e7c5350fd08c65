namespace ChainTrader.Application.Trades;

/// <summary>The save activity's input: the trade as the orchestration last stored it, and the step's new trade and history entry (TradeJson).</summary>
public sealed record SaveTradeStepInput(StoredTradeData Before, string Trade, string Entry);
