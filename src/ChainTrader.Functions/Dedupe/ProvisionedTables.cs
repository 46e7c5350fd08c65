using System.Collections.Concurrent;
using ChainTrader.Adapters.Storage;

namespace ChainTrader.Functions.Dedupe;

/// <summary>
/// Table clients whose tables are created on first use, once per process. A failed creation is forgotten so the
/// next call tries again (storage may simply not have been up yet).
/// </summary>
public sealed class ProvisionedTables(IServiceProvider services)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new(StringComparer.Ordinal);

    public async Task<TableClient> GetAsync(string tableName, CancellationToken cancellationToken)
    {
        var lazy = _tables.GetOrAdd(tableName, name => new Lazy<Task<TableClient>>(() => CreateAsync(name)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lazy.Value.IsFaulted || lazy.Value.IsCanceled)
        {
            _tables.TryRemove(new KeyValuePair<string, Lazy<Task<TableClient>>>(tableName, lazy));
            throw;
        }
    }

    private async Task<TableClient> CreateAsync(string name)
    {
        var table = services.GetRequiredService<TableServiceClient>().GetTableClient(name);
        // Not tied to one caller's token: the creation is shared by every caller waiting on it.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await table.CreateIfNotExistsAsync(timeout.Token);
        return table;
    }
}
