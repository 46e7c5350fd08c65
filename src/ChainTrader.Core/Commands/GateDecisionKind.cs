namespace ChainTrader.Core.Commands;

/// <summary>Whether a change may happen now, needs a second confirmation first, or is refused (with the reason).</summary>
public enum GateDecisionKind { Allowed, NeedsConfirmation, Refused }
