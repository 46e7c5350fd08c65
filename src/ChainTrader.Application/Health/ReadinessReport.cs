namespace ChainTrader.Application.Health;

public sealed record ReadinessReport(string Status, IReadOnlyList<CheckOutcome> Checks);
