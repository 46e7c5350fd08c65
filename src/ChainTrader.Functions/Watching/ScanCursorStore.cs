using System.Globalization;
using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Chains;
using ChainTrader.Functions.Storage;

namespace ChainTrader.Functions.Watching;

/// <summary>
/// How far a chain has been scanned: the last scanned block, the hashes of the most recent scanned blocks (to find where a
/// reorg forked off), and the lease of the instance scanning now. Every write is conditional on the ETag read.
/// </summary>
public sealed record ScanCursor(string Chain, BlockRef ScannedThrough, IReadOnlyList<BlockRef> Recent, string? LeaseOwner, DateTimeOffset? LeaseUntil, string? ETag)
{
    /// <summary>Enough to find the fork point of any reorg up to this depth.</summary>
    public const int RecentBlocks = 128;

    public bool LeasedByOtherThan(string instance, DateTimeOffset now) => LeaseOwner is not null && LeaseOwner != instance && LeaseUntil > now;

    /// <summary>The cursor after scanning <paramref name="scanned"/> (which continue the chain from a block in <see cref="Recent"/> or from <see cref="ScannedThrough"/>).</summary>
    public ScanCursor Advanced(IReadOnlyList<BlockRef> scanned)
    {
        var first = scanned[0].Number;
        var recent = Recent.Where(b => b.Number < first).Concat(scanned).TakeLast(RecentBlocks).ToList();
        return this with { ScannedThrough = scanned[^1], Recent = recent, LeaseOwner = null, LeaseUntil = null };
    }
}

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
