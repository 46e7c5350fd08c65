using Azure;
using Azure.Data.Tables;

namespace ChainTrader.Adapters.Storage;

/// <summary>Moves a <see cref="TableRow"/> to the SDK's dictionary entity and back, adding and hiding the write id.</summary>
internal static class TableRowConversion
{
    public static TableEntity ToSdk(TableRow row, string? writeId)
    {
        var entity = new TableEntity(row.PartitionKey, row.RowKey);
        foreach (var (name, value) in row.Properties)
            entity[name] = value;
        if (writeId is not null)
            entity[TableNames.WriteIdProperty] = writeId;
        return entity;
    }

    public static TableRow FromSdk(TableEntity entity)
    {
        var row = new TableRow(entity.PartitionKey, entity.RowKey)
        {
            ETag = entity.ETag == default ? null : entity.ETag.ToString(),
            Timestamp = entity.Timestamp,
        };
        foreach (var (name, value) in entity)
        {
            if (name is "PartitionKey" or "RowKey" or "Timestamp" || name == TableNames.WriteIdProperty
                || name.StartsWith("odata.", StringComparison.Ordinal) || name.EndsWith("@odata.type", StringComparison.Ordinal))
                continue;
            var stored = value switch
            {
                null => null,
                string or bool or int or long or Guid or byte[] => value,
                DateTimeOffset time => time.ToUniversalTime(),
                DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
                BinaryData data => data.ToArray(),
                // Amounts are stored as strings; a double here was written by something else and is refused, not rounded.
                _ => throw new FormatException(
                    $"Property \"{name}\" of entity {row.Describe()} is {(value is double ? "Edm.Double" : value.GetType().Name)}, which this project does not read (money is never a double)."),
            };
            if (stored is not null)
                row.SetFromService(name, stored);
        }
        return row;
    }

    /// <summary>The write id a stored entity carries, if any.</summary>
    public static string? WriteIdOf(TableEntity entity) => entity.TryGetValue(TableNames.WriteIdProperty, out var id) ? id as string : null;

    public static string? ETagOf(Response response) => response.Headers.ETag?.ToString();
}
