namespace ChainTrader.Adapters.Transactions;

public sealed record EndpointBroadcast(int Endpoint, BroadcastVerdict Outcome, string? Message);
