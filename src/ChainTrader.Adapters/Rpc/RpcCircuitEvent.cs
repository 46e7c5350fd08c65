using Polly.CircuitBreaker;

namespace ChainTrader.Adapters.Rpc;

/// <summary>Raised when an endpoint's circuit opens or closes.</summary>
public sealed record RpcCircuitEvent(ulong ChainId, int EndpointIndex, string Url, CircuitState State, TimeSpan? BreakDuration, string? LastError);
