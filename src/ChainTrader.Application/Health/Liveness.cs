namespace ChainTrader.Application.Health;

public sealed record Liveness(string Status);
