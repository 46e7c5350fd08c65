namespace ChainTrader.Core.Alerts;

/// <summary>ALERT_DEDUPE_S and ALERT_ESCALATE_S.</summary>
public sealed record AlertPolicy(TimeSpan Dedupe, TimeSpan Escalate)
{
    public static AlertPolicy Default { get; } = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120));
}

public enum AlertAction
{
    None,
    Raise,
    Escalate,
    Recover,
}

/// <summary>
/// What is remembered about one alert key between evaluations.
/// </summary>
/// <param name="Active">The condition was true at the last evaluation.</param>
/// <param name="Since">When the current episode began (the condition became true); null when inactive.</param>
/// <param name="RaisedAt">When this episode's raise was sent; null while inactive or while the raise is held back.</param>
/// <param name="Escalated">This episode's escalation was sent.</param>
/// <param name="LastRaiseSentAt">When any raise for this key was last sent; raises are at least the dedupe window apart.</param>
public sealed record AlertState(bool Active, DateTimeOffset? Since, DateTimeOffset? RaisedAt, bool Escalated, DateTimeOffset? LastRaiseSentAt)
{
    public static AlertState Inactive { get; } = new(false, null, null, false, null);
}

/// <summary>What to send now (if anything) and the state to store.</summary>
public sealed record AlertDecision(AlertAction Action, AlertState State);

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
