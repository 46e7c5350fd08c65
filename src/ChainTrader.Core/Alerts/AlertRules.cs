namespace ChainTrader.Core.Alerts;

/// <summary>
/// The alert state machine for one key (e.g. <c>oracle.stale:ETH</c>), evaluated whenever its condition is checked:
/// <list type="bullet">
/// <item>the condition becomes true → <b>Raise</b> once;</item>
/// <item>it stays true → nothing (repeats are deduped), until <see cref="AlertPolicy.Escalate"/> after the raise → <b>Escalate</b> once;</item>
/// <item>it clears after a raise → <b>Recover</b>; if it clears before its raise was sent, nothing is said.</item>
/// </list>
/// Raises of one key are at least <see cref="AlertPolicy.Dedupe"/> apart: a condition that flaps back within the window
/// is held back and raised when the window ends if it is still true, so flapping neither floods the chat nor hides a
/// problem that persists.
/// </summary>
public static class AlertRules
{
    public static AlertDecision Decide(bool conditionTrue, AlertState? stored, DateTimeOffset now, AlertPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Dedupe < TimeSpan.Zero || policy.Escalate <= TimeSpan.Zero)
            throw new ArgumentException($"Alert policy needs dedupe >= 0 and escalate > 0; got dedupe {policy.Dedupe}, escalate {policy.Escalate}.", nameof(policy));
        var state = stored ?? AlertState.Inactive;

        if (!conditionTrue)
        {
            if (!state.Active)
                return new(AlertAction.None, state);
            var cleared = AlertState.Inactive with { LastRaiseSentAt = state.LastRaiseSentAt };
            return new(state.RaisedAt is null ? AlertAction.None : AlertAction.Recover, cleared);
        }

        if (!state.Active)
            state = state with { Active = true, Since = now, RaisedAt = null, Escalated = false };

        if (state.RaisedAt is null)
        {
            var mayRaise = state.LastRaiseSentAt is not { } last || now - last >= policy.Dedupe;
            return mayRaise
                ? new(AlertAction.Raise, state with { RaisedAt = now, LastRaiseSentAt = now })
                : new(AlertAction.None, state);
        }

        if (!state.Escalated && now - state.RaisedAt.Value >= policy.Escalate)
            return new(AlertAction.Escalate, state with { Escalated = true });
        return new(AlertAction.None, state);
    }
}
