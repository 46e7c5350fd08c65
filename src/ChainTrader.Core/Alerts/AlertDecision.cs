namespace ChainTrader.Core.Alerts;

/// <summary>What to send now (if anything) and the state to store.</summary>
public sealed record AlertDecision(AlertAction Action, AlertState State);
