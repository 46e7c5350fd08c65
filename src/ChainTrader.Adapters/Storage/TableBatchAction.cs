namespace ChainTrader.Adapters.Storage;

/// <summary>One action of an entity group batch. Build with the static factories.</summary>
public sealed class TableBatchAction
{
    private TableBatchAction(TableBatchActionType type, string partitionKey, string rowKey, TableRow? entity, string? etag)
    {
        Type = type;
        PartitionKey = partitionKey;
        RowKey = rowKey;
        Entity = entity;
        ETag = etag;
    }

    public TableBatchActionType Type { get; }
    public string PartitionKey { get; }
    public string RowKey { get; }

    /// <summary>The entity written; null for deletes.</summary>
    public TableRow? Entity { get; }

    /// <summary>The If-Match condition for updates and deletes ("*" = any version).</summary>
    public string? ETag { get; }

    public static TableBatchAction Insert(TableRow entity) => Write(TableBatchActionType.Insert, entity, null);
    public static TableBatchAction UpsertReplace(TableRow entity) => Write(TableBatchActionType.UpsertReplace, entity, null);
    public static TableBatchAction UpsertMerge(TableRow entity) => Write(TableBatchActionType.UpsertMerge, entity, null);
    public static TableBatchAction UpdateReplace(TableRow entity, string etag) => Write(TableBatchActionType.UpdateReplace, entity, RequireETag(etag));
    public static TableBatchAction UpdateMerge(TableRow entity, string etag) => Write(TableBatchActionType.UpdateMerge, entity, RequireETag(etag));

    public static TableBatchAction Delete(string partitionKey, string rowKey, string etag = "*")
    {
        TableNames.ValidateKey(partitionKey, nameof(PartitionKey));
        TableNames.ValidateKey(rowKey, nameof(RowKey));
        return new(TableBatchActionType.Delete, partitionKey, rowKey, null, RequireETag(etag));
    }

    public override string ToString() => $"{Type} (PartitionKey \"{TableNames.Printable(PartitionKey)}\", RowKey \"{TableNames.Printable(RowKey)}\")";

    private static TableBatchAction Write(TableBatchActionType type, TableRow entity, string? etag)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new(type, entity.PartitionKey, entity.RowKey, entity, etag);
    }

    private static string RequireETag(string etag) => string.IsNullOrWhiteSpace(etag)
        ? throw new ArgumentException("An ETag is required: the entity's ETag as read, or \"*\" for any version.", nameof(etag))
        : etag;
}
