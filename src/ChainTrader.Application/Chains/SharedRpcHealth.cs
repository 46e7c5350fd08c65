using ChainTrader.Adapters.Storage;
using ChainTrader.Application.Storage;

namespace ChainTrader.Application.Chains;

/// <summary>
/// Makes every instance route the same way. RpcHealth runs on one instance (a timer fires once per app) and records each
/// endpoint's probe in the RpcHealth table; every instance reads those rows every RPC_SHARED_HEALTH_REFRESH_S (15 s) and
/// demotes, in its own pool, each endpoint the latest probe found unhealthy (ranked after all others, still tried as a
/// last resort) until a later probe finds it healthy or the row is older than RPC_SHARED_HEALTH_MAX_AGE_S (90 s: three
/// missed probes, then each instance trusts only its own observations again). A row is matched to an endpoint by chain,
/// index and redacted URL, so a changed endpoint list never inherits another endpoint's verdict.
/// </summary>
public sealed class SharedRpcHealth(ChainRpcPools pools, AppTables tables, IConfiguration configuration, TimeProvider clock, ILogger<SharedRpcHealth> logger)
    : BackgroundService
{
    public TimeSpan Refresh { get; } = Seconds(configuration, "RPC_SHARED_HEALTH_REFRESH_S", 15);
    public TimeSpan MaxAge { get; } = Seconds(configuration, "RPC_SHARED_HEALTH_MAX_AGE_S", 90);

    /// <summary>Reads the shared rows and applies them to this instance's pools; returns how many endpoints are demoted.</summary>
    public async Task<int> ApplyAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(RpcHealthRows.TableName, cancellationToken);
        var now = clock.GetUtcNow();
        var demoted = 0;
        foreach (var (chain, pool) in pools.All)
        {
            var rows = new Dictionary<string, TableRow>(StringComparer.Ordinal);
            await foreach (var row in table.QueryAsync(TableFilter.PartitionKeyEquals(chain.Name), cancellationToken: cancellationToken))
                rows[row.RowKey] = row;
            foreach (var endpoint in pool.GetHealth())
            {
                var shared = rows.GetValueOrDefault(RpcHealthRows.RowKeyOf(endpoint.Index));
                var fresh = shared is not null && shared.GetString("Url") == endpoint.Url && now - shared.GetDateTimeOffset("CheckedAt") <= MaxAge;
                if (fresh && !shared!.GetBoolean("Healthy"))
                {
                    pool.Demote(endpoint.Index, shared.GetDateTimeOffset("CheckedAt") + MaxAge);
                    demoted++;
                }
                else
                {
                    pool.ClearDemotion(endpoint.Index);
                }
            }
        }
        return demoted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ApplyAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Storage down: keep the last view; each pool still routes on its own observations.
                logger.LogWarning("Shared RPC health could not be read: {Error}", ex.Message);
            }
            try { await Task.Delay(Refresh, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    private static TimeSpan Seconds(IConfiguration configuration, string key, int fallback)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
            return TimeSpan.FromSeconds(fallback);
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new InvalidOperationException($"{key}: \"{text}\" is not a whole number of seconds from 1 to 3600.");
    }
}
