using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Chains;
using ChainTrader.Application.Chains;

namespace ChainTrader.Application.Health;

/// <summary>
/// Every enabled chain has at least one endpoint that answers now with the right chain id and is not lagging.
/// The detail names each chain's state, so a 503 says which chain failed and why.
/// </summary>
public sealed class RpcReadinessCheck(ChainRpcPools pools) : IReadinessCheck
{
    public string Name => "rpc";

    public async Task<string> CheckAsync(CancellationToken cancellationToken)
    {
        var chains = await Task.WhenAll(pools.All.Select(async p => (p.Chain, Endpoints: await p.Pool.ProbeAsync(cancellationToken))));
        var details = chains.Select(c => Describe(c.Chain, c.Endpoints)).ToList();
        if (chains.Any(c => !c.Endpoints.Any(e => e.Healthy)))
            throw new InvalidOperationException(string.Join(" | ", details));
        return string.Join(" | ", details);
    }

    private static string Describe(ChainDefinition chain, IReadOnlyList<RpcEndpointHealth> endpoints)
    {
        var healthy = endpoints.Where(e => e.Healthy).ToList();
        if (healthy.Count > 0)
            return $"{chain.Name}: {healthy.Count}/{endpoints.Count} endpoints healthy, head {healthy.Max(e => e.HeadBlock)}";
        var reasons = endpoints.Select(e => $"{e.Url} {e.LastError ?? (e.ChainIdMismatch ? "serves another chain" : e.Lagging ? "is lagging" : $"circuit {e.Circuit}")}");
        return $"{chain.Name}: no healthy endpoint ({string.Join("; ", reasons)})";
    }
}
