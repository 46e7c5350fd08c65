namespace ChainTrader.Application.Health;

public sealed record CheckOutcome(string Name, bool Healthy, string Detail, long ElapsedMs);
