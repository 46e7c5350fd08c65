namespace ChainTrader.Core.Alerts;

/// <summary>ALERT_DEDUPE_S and ALERT_ESCALATE_S.</summary>
public sealed record AlertPolicy(TimeSpan Dedupe, TimeSpan Escalate)
{
    public static AlertPolicy Default { get; } = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120));
}
