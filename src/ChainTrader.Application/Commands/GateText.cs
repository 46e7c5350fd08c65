using ChainTrader.Core.Commands;
using ChainTrader.Core.Telegram;
using ChainTrader.Application.Gates;

namespace ChainTrader.Application.Commands;

/// <summary>How gates read in chat.</summary>
public static class GateText
{
    public static string Describe(RuntimeGateSnapshot gates) =>
        $"Execution mode: <b>{gates.Mode.ToSettingValue()}</b>{Who(gates.Details[Gate.ExecutionMode])}\n" +
        $"Emergency stop: <b>{OnOff(gates.EmergencyStop)}</b>{Who(gates.Details[Gate.EmergencyStop])}\n" +
        $"Maintenance mode: <b>{OnOff(gates.MaintenanceMode)}</b>{Who(gates.Details[Gate.MaintenanceMode])}";

    public static string Changed(GateChangeResult result)
    {
        var name = Name(result.Gate);
        var after = Show(result.Gate, result.After);
        return result.Changed
            ? $"{name} is now <b>{after}</b> (was {Show(result.Gate, result.Before)})." + Consequence(result)
            : Unchanged(result.Gate, result.After);
    }

    /// <summary>The answer to switching a gate to the value it has.</summary>
    public static string Unchanged(Gate gate, string value) =>
        $"{Name(gate)} was already <b>{Show(gate, value)}</b>; nothing changed.";

    private static string Name(Gate gate) => gate switch
    {
        Gate.ExecutionMode => "Execution mode",
        Gate.EmergencyStop => "Emergency stop",
        _ => "Maintenance mode",
    };

    private static string Consequence(GateChangeResult result) => (result.Gate, result.After) switch
    {
        (Gate.EmergencyStop, "true") => " No new trade will open until a super-admin sends /emergency_resume.",
        (Gate.MaintenanceMode, "true") => " No new trade will open until maintenance mode is turned off.",
        _ => "",
    };

    private static string Show(Gate gate, string value) => gate == Gate.ExecutionMode ? value : OnOff(value == "true");

    private static string OnOff(bool on) => on ? "ON" : "off";

    private static string Who(StoredGate state) => state.ChangedBy is { } by && state.ChangedAt is { } at
        ? $" (set by <code>{by}</code> at {at.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC{(state.Reason is null ? "" : ": " + TelegramHtml.Escape(state.Reason))})"
        : " (default)";
}
