namespace ChainTrader.Core.Alerts;

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
