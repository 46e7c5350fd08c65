namespace ChainTrader.Core.Risk;

/// <summary>One confirmed trade: when, which symbol, how much.</summary>
public sealed record TradeMark(DateTimeOffset At, string Symbol, decimal NotionalUsd);
