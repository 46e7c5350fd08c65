using ChainTrader.Adapters.Rpc;
using ChainTrader.Application.Chains;

namespace ChainTrader.Application.Telemetry;

/// <summary>Counts RPC circuit trips (<c>trader_circuit_breaker_trips_total</c>) from the pools' CircuitOpened events while the host runs.</summary>
/// <remarks>Resolves the pools when started, not when constructed: the host constructs hosted services before it validates options.</remarks>
public sealed class RpcCircuitTelemetry(IServiceProvider services) : IHostedService
{
    private readonly List<(RpcPool Pool, EventHandler<RpcCircuitEvent> Handler)> _subscriptions = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (chain, pool) in services.GetRequiredService<ChainRpcPools>().All)
        {
            var chainTag = EndpointTags.Chain(chain.Name);
            EventHandler<RpcCircuitEvent> handler = (_, e) =>
                ChainTraderTelemetry.CircuitBreakerTrips.Add(1, HostMetrics.RpcBreaker, chainTag, EndpointTags.Index(e.EndpointIndex));
            pool.CircuitOpened += handler;
            _subscriptions.Add((pool, handler));
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var (pool, handler) in _subscriptions) pool.CircuitOpened -= handler;
        _subscriptions.Clear();
        return Task.CompletedTask;
    }
}
