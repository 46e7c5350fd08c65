using ChainTrader.Core.Alerts;

namespace ChainTrader.Application.Operations;

/// <summary>One evaluated condition and what the alert service did with it.</summary>
public sealed record AlertOutcome(string Key, bool Active, AlertAction Action);
