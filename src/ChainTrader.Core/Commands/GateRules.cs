using ChainTrader.Core.Trades;

namespace ChainTrader.Core.Commands;

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
