using ChainTrader.Core.Risk;

namespace ChainTrader.Core.Trades;

/// <summary>The risk engine's decision on <see cref="Quote"/> (null when the trade was refused before quoting).</summary>
public sealed record RiskEvaluated(RiskDecision Decision, TradeQuote? Quote) : TradeEvent;
