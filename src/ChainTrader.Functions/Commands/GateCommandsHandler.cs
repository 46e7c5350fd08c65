using ChainTrader.Core.Commands;
using ChainTrader.Core.Trades;
using ChainTrader.Core.Telegram;
using ChainTrader.Functions.Audit;
using ChainTrader.Functions.Gates;
using ChainTrader.Functions.Trades;

namespace ChainTrader.Functions.Commands;

/// <summary>
/// /execution_mode, /emergency_stop, /emergency_resume, /maintenance_mode: show or change a runtime gate under
/// <see cref="GateRules"/>; every attempt to change one is audited, refused ones included. Turning the emergency stop on
/// cancels every trade not yet submitted; submitted ones stay monitored to the end.
/// </summary>
public sealed class GateCommandsHandler(IRuntimeGates gates, LiveConfirmations confirmations, AuditLog audit, TradeDesk desk) : ICommandHandler
{
    public IReadOnlyCollection<string> Commands { get; } = ["execution_mode", "emergency_stop", "emergency_resume", "maintenance_mode"];

    public async Task HandleAsync(CommandContext context, ChatCommand command, CancellationToken cancellationToken)
    {
        var (change, reason) = command switch
        {
            ExecutionModeCommand { Mode: { } mode } => (GateChange.Mode(mode), null),
            EmergencyStopCommand stop => (GateChange.EmergencyStop(true), stop.Reason),
            EmergencyResumeCommand => (GateChange.EmergencyStop(false), null),
            MaintenanceModeCommand { On: { } on } => (GateChange.Maintenance(on), null),
            ExecutionModeCommand or MaintenanceModeCommand => ((GateChange?)null, (string?)null),
            _ => throw new ArgumentException($"{nameof(GateCommandsHandler)} does not handle /{command.Name}.", nameof(command)),
        };
        var current = await gates.CurrentAsync(cancellationToken);
        if (change is null)
        {
            await context.ReplyAsync(GateText.Describe(current), cancellationToken);
            return;
        }

        var before = current.Details[change.Gate].Value;
        // Switching to the mode the desk is in changes nothing, so there is nothing to confirm (LIVE included).
        if (change.Gate == Gate.ExecutionMode && string.Equals(before, change.Value, StringComparison.Ordinal))
        {
            await RecordAsync(context, command, before, before, "unchanged", null, cancellationToken);
            await context.ReplyAsync(GateText.Unchanged(change.Gate, before), cancellationToken);
            return;
        }
        var decision = GateRules.Decide(context.Role, change);
        switch (decision.Kind)
        {
            case GateDecisionKind.Refused:
                await RecordAsync(context, command, before, before, "refused", decision.Reason, cancellationToken);
                await context.ReplyAsync($"Refused: {TelegramHtml.Escape(decision.Reason)}", cancellationToken);
                return;

            case GateDecisionKind.NeedsConfirmation:
                var pending = await confirmations.GetOrCreateAsync(context.UpdateId, context.UserId, context.ChatId, cancellationToken);
                await RecordAsync(context, command, before, change.Value, "confirmation requested", decision.Reason, cancellationToken);
                await context.ReplyAsync(
                    $"⚠️ Switch the execution mode from <b>{before}</b> to <b>LIVE</b>? LIVE signs and broadcasts real transactions " +
                    $"with real funds. Only you can confirm, within {GateRules.ConfirmationLifetime.TotalSeconds:0} seconds.",
                    cancellationToken,
                    [[new InlineButton("Confirm LIVE", pending.ConfirmData), new InlineButton("Cancel", pending.CancelData)]]);
                return;

            default:
                var result = await gates.ApplyAsync(change, context.UserId, context.Cause, reason, cancellationToken);
                await RecordAsync(context, command, result.Before, result.After, result.Changed ? "applied" : "unchanged", reason, cancellationToken);
                var stopped = "";
                if (change.Gate == Gate.EmergencyStop && change.Value == "true")
                {
                    // Runs on every (re)delivery of the stop: trades opened meanwhile are caught too, and cancelling twice changes nothing.
                    var (cancelled, monitored) = await desk.EmergencyStopAsync(cancellationToken);
                    stopped = $" {cancelled} trade(s) not yet submitted were cancelled; {monitored} submitted trade(s) are still monitored.";
                }
                await context.ReplyAsync(GateText.Changed(result) + stopped, cancellationToken);
                return;
        }
    }

    private Task RecordAsync(CommandContext context, ChatCommand command, string before, string after, string outcome, string? detail, CancellationToken cancellationToken) =>
        audit.RecordAsync(new AuditEvent(context.UserId, context.Role, command.Name, before, after, outcome, context.Cause, context.TraceId, detail), cancellationToken);
}

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

    private static string Who(GateState state) => state.ChangedBy is { } by && state.ChangedAt is { } at
        ? $" (set by <code>{by}</code> at {at.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC{(state.Reason is null ? "" : ": " + TelegramHtml.Escape(state.Reason))})"
        : " (default)";
}
