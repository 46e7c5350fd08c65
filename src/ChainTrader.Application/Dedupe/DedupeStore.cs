using ChainTrader.Adapters.Storage;
using ChainTrader.Application.Storage;

namespace ChainTrader.Application.Dedupe;

/// <summary>
/// Keys already acted on (docs/architecture.md rule 2), in the Dedupe table: partition = kind ("update", "audit", ...),
/// row = key, with ExpiresAt 7 days on. A key is written with insert-if-absent, so of many writers exactly one wins,
/// across restarts and instances.
/// </summary>
public sealed class DedupeStore(AppTables tables, TimeProvider clock)
{
    public const string TableName = "Dedupe";
    public const string ExpiresAtProperty = "ExpiresAt";
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    public async Task<bool> ContainsAsync(string kind, string key, CancellationToken cancellationToken) =>
        await GetAsync(kind, key, cancellationToken) is not null;

    public async Task<TableRow?> GetAsync(string kind, string key, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        return await table.GetAsync(kind, key, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Records the key; true if this call recorded it, false if it was there already. <paramref name="fill"/> adds
    /// properties that travel with the key (e.g. where the effect it guards was written).
    /// </summary>
    public async Task<bool> TryAddAsync(string kind, string key, CancellationToken cancellationToken, Action<TableRow>? fill = null)
    {
        var entity = new TableRow(kind, key).Set(ExpiresAtProperty, clock.GetUtcNow() + Retention);
        fill?.Invoke(entity);
        var table = await tables.GetAsync(TableName, cancellationToken);
        return await table.TryInsertAsync(entity, cancellationToken);
    }

    /// <summary>Deletes every key whose ExpiresAt has passed (for Housekeeping); returns how many it deleted.</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        // Collected first so deleting does not disturb the paging of the query.
        var expired = new List<TableRow>();
        await foreach (var entity in table.QueryAsync(TableFilter.LessThan(ExpiresAtProperty, clock.GetUtcNow()), [ExpiresAtProperty], cancellationToken: cancellationToken))
            expired.Add(entity);
        var deleted = 0;
        foreach (var entity in expired)
        {
            try
            {
                // The ETag guards against deleting a key someone re-recorded since the query read it.
                if (await table.DeleteAsync(entity.PartitionKey, entity.RowKey, entity.ETag ?? "*", cancellationToken)) deleted++;
            }
            catch (TableConcurrencyException)
            {
                // Re-recorded meanwhile: it is live again, so it stays.
            }
        }
        return deleted;
    }
}
