using ChainTrader.Application.Chains;
using ChainTrader.Application.Storage;

namespace ChainTrader.Application.Health;

/// <summary>The storage account answers: the app's first table can be reached (and exists).</summary>
public sealed class StorageReadinessCheck(AppTables tables) : IReadinessCheck
{
    public string Name => "storage";

    public async Task<string> CheckAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(RpcHealthRows.TableName, cancellationToken);
        await table.QueryPageAsync(pageSize: 1, cancellationToken: cancellationToken);
        return "table service reachable";
    }
}
