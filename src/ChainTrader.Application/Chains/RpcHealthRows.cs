using System.Globalization;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Storage;

namespace ChainTrader.Application.Chains;

/// <summary>
/// The RpcHealth table: one row per endpoint (partition = chain, row = endpoint index), written by the RpcHealth probe
/// and read by <see cref="SharedRpcHealth"/> on every instance and by the storage readiness check.
/// </summary>
public static class RpcHealthRows
{
    public const string TableName = "RpcHealth";

    public static string RowKeyOf(int endpointIndex) => endpointIndex.ToString("D3", CultureInfo.InvariantCulture);

    public static TableRow ToRow(string chain, RpcEndpointHealth health, DateTimeOffset checkedAt)
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
