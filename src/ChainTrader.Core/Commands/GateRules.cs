using ChainTrader.Core.Trades;

namespace ChainTrader.Core.Commands;

/// <summary>The shared runtime switches every trade is checked against.</summary>
public enum Gate { ExecutionMode, EmergencyStop, MaintenanceMode }

/// <summary>A requested change of one gate, with the value as stored ("DRY_RUN", "true", ...).</summary>
public sealed record GateChange(Gate Gate, string Value)
{
    public static GateChange Mode(ExecutionMode mode) => new(Gate.ExecutionMode, mode.ToSettingValue());
    public static GateChange EmergencyStop(bool on) => new(Gate.EmergencyStop, on ? "true" : "false");
    public static GateChange Maintenance(bool on) => new(Gate.MaintenanceMode, on ? "true" : "false");
}

/// <summary>Whether a change may happen now, needs a second confirmation first, or is refused (with the reason).</summary>
public enum GateDecisionKind { Allowed, NeedsConfirmation, Refused }

public sealed record GateDecision(GateDecisionKind Kind, string Reason)
{
    public static GateDecision Allowed { get; } = new(GateDecisionKind.Allowed, "");
}

/// <summary>
/// Who may move which gate. The principle: admins may make the desk safer (stop, maintenance on, DRY_RUN or PAPER);
/// only super-admins may make it riskier (resume, maintenance off), and LIVE additionally needs a button press on the
/// bot's confirmation message, so a single forged or mistyped command never starts spending real funds.
/// </summary>
public static class GateRules
{
    public static GateDecision Decide(UserRole role, GateChange change)
    {
        if (role < UserRole.Admin)
            return Refuse("only admins may change runtime gates.");
        var safer = change.Gate switch
        {
            Gate.EmergencyStop => change.Value == "true",
            Gate.MaintenanceMode => change.Value == "true",
            Gate.ExecutionMode => change.Value != ExecutionMode.Live.ToSettingValue(),
            _ => false,
        };
        if (safer)
            return GateDecision.Allowed;
        if (role < UserRole.SuperAdmin)
            return Refuse($"only a super-admin may {Describe(change)}.");
        return change.Gate == Gate.ExecutionMode
            ? new GateDecision(GateDecisionKind.NeedsConfirmation, "LIVE trades with real funds; confirm with the button within 60 seconds.")
            : GateDecision.Allowed;
    }

    /// <summary>How long a LIVE confirmation message stays valid.</summary>
    public static TimeSpan ConfirmationLifetime { get; } = TimeSpan.FromSeconds(60);

    public static string Describe(GateChange change) => change.Gate switch
    {
        Gate.EmergencyStop => change.Value == "true" ? "stop trading" : "resume trading after an emergency stop",
        Gate.MaintenanceMode => change.Value == "true" ? "turn maintenance mode on" : "turn maintenance mode off",
        Gate.ExecutionMode => $"switch the execution mode to {change.Value}",
        _ => change.ToString(),
    };

    private static GateDecision Refuse(string reason) => new(GateDecisionKind.Refused, reason);
}
