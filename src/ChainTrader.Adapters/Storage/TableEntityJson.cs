using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace ChainTrader.Adapters.Storage;

/// <summary>
/// The OData JSON entity format (minimal metadata): values whose type JSON cannot carry get a "Name@odata.type"
/// annotation (Int64 as a string, DateTime ISO 8601, Guid, Binary base64); String, Boolean and Int32 are bare.
/// </summary>
internal static class TableEntityJson
{
    private const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    private const string TypeSuffix = "@odata.type";

    public static byte[] Serialize(TableEntity entity, string? writeId)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("PartitionKey", entity.PartitionKey);
            json.WriteString("RowKey", entity.RowKey);
            foreach (var (name, value) in entity.Properties)
                WriteProperty(json, name, value);
            if (writeId is not null)
                json.WriteString(TableNames.WriteIdProperty, writeId);
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteProperty(Utf8JsonWriter json, string name, object value)
    {
        switch (value)
        {
            case string text:
                json.WriteString(name, text);
                break;
            case bool flag:
                json.WriteBoolean(name, flag);
                break;
            case int small:
                json.WriteNumber(name, small);
                break;
            case long large:
                json.WriteString(name + TypeSuffix, EdmTypes.Int64);
                json.WriteString(name, large.ToString(CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset time:
                json.WriteString(name + TypeSuffix, EdmTypes.DateTime);
                json.WriteString(name, FormatDateTime(time));
                break;
            case Guid id:
                json.WriteString(name + TypeSuffix, EdmTypes.Guid);
                json.WriteString(name, id.ToString("D"));
                break;
            case byte[] bytes:
                json.WriteString(name + TypeSuffix, EdmTypes.Binary);
                json.WriteBase64String(name, bytes);
                break;
            default:
                throw new InvalidOperationException($"Property \"{name}\" has unsupported type {value.GetType().Name}.");
        }
    }

    public static string FormatDateTime(DateTimeOffset time) => time.UtcDateTime.ToString(DateTimeFormat, CultureInfo.InvariantCulture);

    public static TableEntity Deserialize(JsonElement json, string? etagHeader)
    {
        var partitionKey = RequiredString(json, "PartitionKey");
        var rowKey = RequiredString(json, "RowKey");
        var entity = new TableEntity(partitionKey, rowKey)
        {
            ETag = etagHeader ?? (json.TryGetProperty("odata.etag", out var etag) ? etag.GetString() : null),
        };
        foreach (var property in json.EnumerateObject())
        {
            var name = property.Name;
            if (name is "PartitionKey" or "RowKey" || name.StartsWith("odata.", StringComparison.Ordinal)
                || name.EndsWith(TypeSuffix, StringComparison.Ordinal) || name == TableNames.WriteIdProperty)
                continue;
            var edmType = json.TryGetProperty(name + TypeSuffix, out var annotation) ? annotation.GetString() : null;
            if (name == "Timestamp")
            {
                entity.Timestamp = ParseDateTime(property.Value, name, entity);
                continue;
            }
            var value = ReadValue(property.Value, edmType, name, entity);
            if (value is not null)
                entity.SetFromService(name, value);
        }
        return entity;
    }

    private static object? ReadValue(JsonElement value, string? edmType, string name, TableEntity entity)
    {
        try
        {
            return edmType switch
            {
                null => value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Null => null,
                    JsonValueKind.Number when value.TryGetInt32(out var small) => small,
                    _ => throw Unsupported(name, entity, value.ValueKind == JsonValueKind.Number ? "Edm.Double" : value.ValueKind.ToString()),
                },
                EdmTypes.String => value.GetString(),
                EdmTypes.Boolean => value.GetBoolean(),
                EdmTypes.Int32 => value.GetInt32(),
                EdmTypes.Int64 => long.Parse(value.GetString()!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
                EdmTypes.DateTime => ParseDateTime(value, name, entity),
                EdmTypes.Guid => Guid.Parse(value.GetString()!),
                EdmTypes.Binary => value.GetBytesFromBase64(),
                _ => throw Unsupported(name, entity, edmType),
            };
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or OverflowException)
        {
            throw new FormatException($"Property \"{name}\" of entity {entity.Describe()} is not a valid {edmType ?? "value"}: {ex.Message}", ex);
        }
    }

    private static DateTimeOffset ParseDateTime(JsonElement value, string name, TableEntity entity)
    {
        var text = value.GetString();
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            throw new FormatException($"Property \"{name}\" of entity {entity.Describe()} holds \"{text}\", which is not an ISO 8601 time.");
        return time;
    }

    private static NotSupportedException Unsupported(string name, TableEntity entity, string type)
        => new($"Property \"{name}\" of entity {entity.Describe()} has type {type}, which this client does not support.");

    private static string RequiredString(JsonElement json, string name)
        => json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"The Table service returned an entity without a string {name}.");
}
