using ChainTrader.Core.Risk;

namespace ChainTrader.Core.Trades;

/// <summary>
/// The risk engine's decision on <see cref="Quote"/> (null when the trade was refused before quoting), made with the limits,
/// book and checks of execution mode <see cref="Mode"/> (null on events recorded before the mode was kept).
/// </summary>
public sealed record RiskEvaluated(RiskDecision Decision, TradeQuote? Quote, ExecutionMode? Mode = null) : TradeEvent;
