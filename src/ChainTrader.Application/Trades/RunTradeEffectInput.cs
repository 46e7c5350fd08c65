namespace ChainTrader.Application.Trades;

/// <summary>The effect activity's input: the trade as stored when its step asked for the effect, and the effect (TradeJson).</summary>
public sealed record RunTradeEffectInput(StoredTradeData Stored, string Effect);
