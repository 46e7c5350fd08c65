using System.Collections.Concurrent;
using ChainTrader.Adapters.Storage;

namespace ChainTrader.Application.Storage;

/// <summary>
/// The app's tables, each created on first use in this process (not at start, so a storage outage at start
/// does not stop the process from serving /healthz and reporting the outage on /readyz).
/// </summary>
public sealed class AppTables(TableAccount service)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<EntityTable>>> _tables = new(StringComparer.Ordinal);

    public Task<EntityTable> GetAsync(string name, CancellationToken cancellationToken) =>
        _tables.GetOrAdd(name, n => new Lazy<Task<EntityTable>>(() => CreateAsync(n))).Value.WaitAsync(cancellationToken);

    private async Task<EntityTable> CreateAsync(string name)
    {
        var table = service.GetTable(name);
        try
        {
            await table.CreateIfNotExistsAsync(CancellationToken.None);
            return table;
        }
        catch
        {
            // Forget the failure so the next caller tries again instead of inheriting a faulted task.
            _tables.TryRemove(name, out _);
            throw;
        }
    }
}
