using System.Globalization;
using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Evm;
using ChainTrader.Application.Storage;

namespace ChainTrader.Application.Watching;

/// <summary>
/// The Watches table: partition = chain (the poller reads one partition per scan), row = "{address}:{user}".
/// Per-user listings and the global count scan the table: they serve commands, which are rare next to polls.
/// </summary>
public sealed class WatchStore(AppTables tables, WatcherTableNames names)
{
    private Task<EntityTable> TableAsync(CancellationToken ct) => tables.GetAsync(names.Watches, ct);

    public async Task<IReadOnlyList<Watch>> ListForChainAsync(string chain, CancellationToken ct)
    {
        var table = await TableAsync(ct);
        return await table.QueryAsync(TableFilter.PartitionKeyEquals(chain), cancellationToken: ct).Select(Read).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<Watch>> ListForUserAsync(long userId, CancellationToken ct)
    {
        var table = await TableAsync(ct);
        return await table.QueryAsync(TableFilter.Equal("UserId", userId), cancellationToken: ct).Select(Read)
            .OrderBy(w => w.CreatedAt).ToListAsync(ct);
    }

    public async Task<int> CountAsync(CancellationToken ct)
    {
        var table = await TableAsync(ct);
        return await table.QueryAsync(select: ["UserId"], cancellationToken: ct).CountAsync(ct);
    }

    /// <summary>Insert-if-absent: false when the user already watches this address on this chain.</summary>
    public async Task<bool> TryAddAsync(Watch watch, CancellationToken ct)
    {
        var table = await TableAsync(ct);
        return await table.TryInsertAsync(ToEntity(watch), ct);
    }

    /// <summary>Replaces an existing watch (a new label or chat).</summary>
    public async Task ReplaceAsync(Watch watch, CancellationToken ct)
    {
        var table = await TableAsync(ct);
        await table.UpsertAsync(ToEntity(watch), TableUpdateMode.Replace, ct);
    }

    public async Task<bool> RemoveAsync(Watch watch, CancellationToken ct)
    {
        var table = await TableAsync(ct);
        return await table.DeleteAsync(watch.Chain, RowKey(watch.Address, watch.UserId), cancellationToken: ct);
    }

    private static string RowKey(Address address, long userId) => $"{address.ToLowerHex()}:{userId.ToString(CultureInfo.InvariantCulture)}";

    private static TableRow ToEntity(Watch watch)
    {
        var entity = new TableRow(watch.Chain, RowKey(watch.Address, watch.UserId));
        entity.Set("Address", watch.Address.ToString());
        entity.Set("UserId", watch.UserId);
        entity.Set("ChatId", watch.ChatId);
        entity.Set("CreatedAt", watch.CreatedAt);
        if (watch.Label is not null) entity.Set("Label", watch.Label);
        return entity;
    }

    private static Watch Read(TableRow entity) => new(
        entity.PartitionKey,
        Address.Parse(entity.GetString("Address")),
        entity.GetInt64("UserId"),
        entity.GetInt64("ChatId"),
        entity.Contains("Label") ? entity.GetString("Label") : null,
        entity.GetDateTimeOffset("CreatedAt"));
}
