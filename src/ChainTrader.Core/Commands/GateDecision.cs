namespace ChainTrader.Core.Commands;

public sealed record GateDecision(GateDecisionKind Kind, string Reason)
{
    public static GateDecision Allowed { get; } = new(GateDecisionKind.Allowed, "");
}
