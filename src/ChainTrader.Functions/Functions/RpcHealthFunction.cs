using System.Globalization;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Storage;
using ChainTrader.Functions.Chains;
using ChainTrader.Functions.Oracles;
using ChainTrader.Functions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace ChainTrader.Functions.Functions;

/// <summary>
/// Timer (every 30 s): probes every RPC endpoint of every chain for chain id and head block, which also
/// re-scores the pool (recovered endpoints get traffic again), and records each endpoint's state in the
/// RpcHealth table for operators and other instances (<see cref="SharedRpcHealth"/> applies it to every instance's pools).
/// Raises <c>rpc.down:{chain}</c> while no endpoint of a chain is healthy, and clears it when one is again.
/// </summary>
public sealed class RpcHealthFunction(ChainRpcPools pools, AppTables tables, OracleAlerts alerts, TimeProvider clock, ILogger<RpcHealthFunction> logger)
{
    public const string TableName = "RpcHealth";

    public static string RowKeyOf(int endpointIndex) => endpointIndex.ToString("D3", CultureInfo.InvariantCulture);

    [Function("RpcHealth")]
    public async Task RunAsync([TimerTrigger("*/30 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var probes = await Task.WhenAll(pools.All.Select(async entry => (entry.Chain, Health: await entry.Pool.ProbeAsync(cancellationToken))));
        var checkedAt = clock.GetUtcNow();
        var rows = probes.SelectMany(p => p.Health.Select(h => ToEntity(p.Chain.Name, h, checkedAt))).ToList();
        foreach (var chain in rows.GroupBy(r => r.PartitionKey))
            await table.SubmitBatchAsync(chain.Select(TableBatchAction.UpsertReplace).ToList(), cancellationToken);

        foreach (var (chain, health) in probes)
        {
            var up = health.Count(h => h.Healthy);
            logger.Log(up == 0 ? LogLevel.Error : up < health.Count ? LogLevel.Warning : LogLevel.Information,
                "{Chain}: {Up}/{Endpoints} endpoints healthy; head {Head}", chain.Name, up, health.Count, health.Max(h => h.HeadBlock)?.ToString(CultureInfo.InvariantCulture) ?? "unknown");
            await alerts.RaiseOrClearAsync(OracleAlerts.RpcDownKey(chain.Name), up == 0, up == 0
                ? $"Every RPC endpoint of {chain.Name} is down; its prices and trades are not usable. " +
                  string.Join("; ", health.Select(h => $"{h.Url}: {h.LastError ?? (h.ChainIdMismatch ? "serves another chain" : h.Lagging ? "lagging" : $"circuit {h.Circuit}")}"))
                : $"{chain.Name}: {up}/{health.Count} RPC endpoints healthy again.", cancellationToken);
        }
    }

    private static TableRow ToEntity(string chain, RpcEndpointHealth health, DateTimeOffset checkedAt)
    {
        var entity = new TableRow(chain, RowKeyOf(health.Index));
        entity.Set("Url", health.Url);
        entity.Set("Healthy", health.Healthy);
        entity.Set("Available", health.Available);
        entity.Set("Circuit", health.Circuit.ToString());
        entity.Set("CheckedAt", checkedAt);
        entity.Set("ConsecutiveFailures", health.ConsecutiveFailures);
        entity.Set("ChainIdMismatch", health.ChainIdMismatch);
        entity.Set("Lagging", health.Lagging);
        if (health.ReportedChainId is { } chainId) entity.Set("ReportedChainId", checked((long)chainId));
        if (health.HeadBlock is { } head) entity.Set("HeadBlock", checked((long)head));
        if (health.LagBlocks is { } lag) entity.Set("LagBlocks", checked((long)lag));
        if (health.LastLatency is { } latency) entity.Set("LatencyMs", (long)latency.TotalMilliseconds);
        if (health.LastError is { } error) entity.Set("LastError", error);
        return entity;
    }
}
