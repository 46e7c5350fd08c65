namespace ChainTrader.Core.Trades;

/// <summary>Quote the intent, build a RiskContext, run RiskRules.Evaluate and report <see cref="RiskEvaluated"/>.</summary>
public sealed record RequestRiskCheck : TradeEffect;
