namespace ChainTrader.Functions.Health;

public sealed record Liveness(string Status);
