using System.Globalization;
using ChainTrader.Adapters.Storage;
using ChainTrader.Application.Chains;
using ChainTrader.Application.Oracles;
using ChainTrader.Application.Storage;
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
    [Function("RpcHealth")]
    public async Task RunAsync([TimerTrigger("*/30 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(RpcHealthRows.TableName, cancellationToken);
        var probes = await Task.WhenAll(pools.All.Select(async entry => (entry.Chain, Health: await entry.Pool.ProbeAsync(cancellationToken))));
        var checkedAt = clock.GetUtcNow();
        var rows = probes.SelectMany(p => p.Health.Select(h => RpcHealthRows.ToRow(p.Chain.Name, h, checkedAt))).ToList();
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
}
