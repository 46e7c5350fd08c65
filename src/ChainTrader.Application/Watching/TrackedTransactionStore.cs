using System.Net;
using System.Globalization;
using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Chains;
using ChainTrader.Core.Watching;
using ChainTrader.Application.Storage;

namespace ChainTrader.Application.Watching;

/// <summary>The WatchTxs table: partition = chain, row = "{tx}:{user}"; one partition read per scan lists every followed transaction.</summary>
public sealed class TrackedTransactionStore(AppTables tables, WatcherTableNames names)
{
    private Task<EntityTable> TableAsync(CancellationToken ct) => tables.GetAsync(names.Transactions, ct);

    public async Task<IReadOnlyList<TrackedTransaction>> ListAsync(string chain, CancellationToken ct)
    {
        var table = await TableAsync(ct);
        return await table.QueryAsync(TableFilter.PartitionKeyEquals(chain), cancellationToken: ct).Select(Read).ToListAsync(ct);
    }

    /// <summary>Insert-if-absent; the stored row (with its ETag), or null when another writer got there first.</summary>
    public async Task<TrackedTransaction?> TryInsertAsync(TrackedTransaction row, CancellationToken ct)
    {
        var table = await TableAsync(ct);
        try
        {
            return row with { ETag = await table.InsertAsync(ToEntity(row), ct) };
        }
        catch (TableStorageException ex) when (ex.Status == HttpStatusCode.Conflict)
        {
            return null;
        }
    }

    /// <summary>Conditional on the row's ETag; throws <see cref="TableConcurrencyException"/> when someone else changed it.</summary>
    public async Task<TrackedTransaction> UpdateAsync(TrackedTransaction row, CancellationToken ct)
    {
        var table = await TableAsync(ct);
        var etag = await table.UpdateAsync(ToEntity(row), row.ETag ?? "*", TableUpdateMode.Replace, ct);
        return row with { ETag = etag };
    }

    public async Task DeleteAsync(TrackedTransaction row, CancellationToken ct)
    {
        var table = await TableAsync(ct);
        await table.DeleteAsync(row.Chain, RowKey(row.TxHash, row.UserId), row.ETag ?? "*", ct);
    }

    private static string RowKey(string txHash, long userId) => $"{txHash}:{userId.ToString(CultureInfo.InvariantCulture)}";

    private static TableRow ToEntity(TrackedTransaction row)
    {
        var entity = new TableRow(row.Chain, RowKey(row.TxHash, row.UserId));
        entity.Set("ChatId", row.ChatId);
        entity.Set("BlockNumber", checked((long)row.State.Block.Number));
        entity.Set("BlockHash", row.State.Block.Hash);
        entity.Set("InChain", row.State.InChain);
        entity.Set("Removals", row.State.Removals);
        if (row.State.RemovedAt is { } removedAt) entity.Set("RemovedAt", removedAt);
        entity.Set("Details", row.Details);
        return entity;
    }

    private static TrackedTransaction Read(TableRow entity)
    {
        var separator = entity.RowKey.LastIndexOf(':');
        var state = new WatchedTransactionState(
            new BlockRef(checked((ulong)entity.GetInt64("BlockNumber")), entity.GetString("BlockHash")),
            entity.GetBoolean("InChain"),
            entity.GetInt32("Removals"),
            entity.Contains("RemovedAt") ? entity.GetDateTimeOffset("RemovedAt") : null);
        return new TrackedTransaction(entity.PartitionKey, entity.RowKey[..separator], long.Parse(entity.RowKey[(separator + 1)..], CultureInfo.InvariantCulture),
            entity.GetInt64("ChatId"), state, entity.GetString("Details"), entity.ETag);
    }
}
