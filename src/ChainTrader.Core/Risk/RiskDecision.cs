namespace ChainTrader.Core.Risk;

/// <summary>The risk engine's answer: approved when no rule failed; otherwise every failure is listed.</summary>
public sealed record RiskDecision(IReadOnlyList<RuleFailure> Failures, int RulesChecked)
{
    public bool Approved => Failures.Count == 0;

    /// <summary>One line per failure, or "approved".</summary>
    public string Describe() => Approved
        ? $"approved ({RulesChecked} rules passed)"
        : string.Join(Environment.NewLine, Failures.Select(f => f.Message));
}
