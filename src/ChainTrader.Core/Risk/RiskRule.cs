namespace ChainTrader.Core.Risk;

/// <summary>One named rule. <see cref="Check"/> returns null when the rule passes or does not apply.</summary>
public sealed record RiskRule(string Name, string Description, Func<RiskContext, RiskLimits, RuleFailure?> Check);
