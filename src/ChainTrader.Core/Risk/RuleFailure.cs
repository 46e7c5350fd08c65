namespace ChainTrader.Core.Risk;

/// <summary>One failed rule: its name, the limit, the actual value and a sentence joining them.</summary>
public sealed record RuleFailure(string Rule, string Limit, string Actual, string Message);
