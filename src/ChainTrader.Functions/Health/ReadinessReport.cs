namespace ChainTrader.Functions.Health;

public sealed record ReadinessReport(string Status, IReadOnlyList<CheckOutcome> Checks);
