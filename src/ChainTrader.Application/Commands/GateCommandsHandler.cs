using ChainTrader.Core.Commands;
using ChainTrader.Core.Telegram;
using ChainTrader.Application.Audit;
using ChainTrader.Application.Gates;
using ChainTrader.Application.Trades;

namespace ChainTrader.Application.Commands;

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
                    stopped = " " + (await desk.EmergencyStopAsync(cancellationToken)).Summary();
                }
                await context.ReplyAsync(GateText.Changed(result) + stopped, cancellationToken);
                return;
        }
    }

    private Task RecordAsync(CommandContext context, ChatCommand command, string before, string after, string outcome, string? detail, CancellationToken cancellationToken) =>
        audit.RecordAsync(new AuditEvent(context.UserId, context.Role, command.Name, before, after, outcome, context.Cause, context.TraceId, detail), cancellationToken);
}
