using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Chains;
using ChainTrader.Application.Configuration;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Chains;

/// <summary>One RPC pool per enabled chain, shared by every function in this instance.</summary>
public sealed class ChainRpcPools
{
    public const string HttpClientName = "rpc";

    private readonly Dictionary<string, (ChainDefinition Chain, RpcPool Pool)> _pools;

    public ChainRpcPools(ChainCatalog catalog, IHttpClientFactory httpClients, IOptions<ChainTraderOptions> options, TimeProvider clock, ILoggerFactory loggers)
    {
        var poolOptions = new RpcPoolOptions { RequestTimeout = TimeSpan.FromSeconds(options.Value.RpcTimeoutSeconds) };
        _pools = catalog.Chains.ToDictionary(
            c => c.Name,
            c => (c, new RpcPool(checked((ulong)c.ChainId), c.RpcUrls, httpClients.CreateClient(HttpClientName), poolOptions, clock, loggers.CreateLogger<RpcPool>())),
            StringComparer.OrdinalIgnoreCase);
    }

    public IEnumerable<(ChainDefinition Chain, RpcPool Pool)> All => _pools.Values;

    public RpcPool For(string chain) =>
        _pools.TryGetValue(chain, out var entry) ? entry.Pool : throw new KeyNotFoundException($"Chain '{chain}' is not enabled; enabled: {string.Join(", ", _pools.Keys)}.");
}
