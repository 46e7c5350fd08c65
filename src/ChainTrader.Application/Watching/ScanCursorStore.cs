using System.Globalization;
using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Chains;
using ChainTrader.Application.Storage;

namespace ChainTrader.Application.Watching;

/// <summary>The WatchCursors table: partition "cursor", row = chain.</summary>
public sealed class ScanCursorStore(AppTables tables, WatcherTableNames names)
{
    private const string Partition = "cursor";

    private Task<EntityTable> TableAsync(CancellationToken ct) => tables.GetAsync(names.Cursors, ct);

    public async Task<ScanCursor?> GetAsync(string chain, CancellationToken ct)
    {
        var table = await TableAsync(ct);
        return await table.GetAsync(Partition, chain, cancellationToken: ct) is { } entity ? Read(entity) : null;
    }

    /// <summary>Creates the cursor; false when another instance created it first.</summary>
    public async Task<bool> TryCreateAsync(ScanCursor cursor, CancellationToken ct)
    {
        var table = await TableAsync(ct);
        return await table.TryInsertAsync(ToEntity(cursor), ct);
    }

    /// <summary>Writes the cursor if nobody changed it since it was read; throws <see cref="TableConcurrencyException"/> otherwise.</summary>
    public async Task<ScanCursor> UpdateAsync(ScanCursor cursor, CancellationToken ct)
    {
        var table = await TableAsync(ct);
        var etag = await table.UpdateAsync(ToEntity(cursor), cursor.ETag ?? throw new ArgumentException("A cursor update needs the ETag it was read with.", nameof(cursor)),
            TableUpdateMode.Replace, ct);
        return cursor with { ETag = etag };
    }

    private static TableRow ToEntity(ScanCursor cursor)
    {
        var entity = new TableRow(Partition, cursor.Chain);
        entity.Set("ScannedThrough", checked((long)cursor.ScannedThrough.Number));
        entity.Set("ScannedHash", cursor.ScannedThrough.Hash);
        entity.Set("Recent", string.Join(',', cursor.Recent.Select(b => $"{b.Number.ToString(CultureInfo.InvariantCulture)}:{b.Hash}")));
        if (cursor.LeaseOwner is not null) entity.Set("LeaseOwner", cursor.LeaseOwner);
        if (cursor.LeaseUntil is { } until) entity.Set("LeaseUntil", until);
        return entity;
    }

    private static ScanCursor Read(TableRow entity)
    {
        var recentText = entity.GetString("Recent");
        var recent = recentText.Length == 0
            ? []
            : recentText.Split(',').Select(pair =>
            {
                var colon = pair.IndexOf(':');
                return new BlockRef(ulong.Parse(pair[..colon], CultureInfo.InvariantCulture), pair[(colon + 1)..]);
            }).ToList();
        return new ScanCursor(entity.RowKey,
            new BlockRef(checked((ulong)entity.GetInt64("ScannedThrough")), entity.GetString("ScannedHash")),
            recent,
            entity.Contains("LeaseOwner") ? entity.GetString("LeaseOwner") : null,
            entity.Contains("LeaseUntil") ? entity.GetDateTimeOffset("LeaseUntil") : null,
            entity.ETag);
    }
}
