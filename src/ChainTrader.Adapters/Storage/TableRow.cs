using System.Globalization;
using System.Numerics;

namespace ChainTrader.Adapters.Storage;

/// <summary>
/// One Table Storage entity as the stores see it (converted to and from the SDK's dictionary entity at the edge): keys, the service's ETag and Timestamp, and typed properties. Supported property types are
/// the Edm types this project needs: String, Boolean, Int32, Int64, DateTime (as <see cref="DateTimeOffset"/>, UTC),
/// Guid and Binary. <see cref="BigInteger"/> and <see cref="decimal"/> amounts are stored as invariant-culture strings
/// (Edm.Double is deliberately not supported: money is never a double).
/// </summary>
public sealed class TableRow
{
    /// <summary>The service limits strings to 64 KiB (32 Ki UTF-16 code units) and binary values to 64 KiB.</summary>
    public const int MaxStringLength = 32 * 1024;
    public const int MaxBinaryLength = 64 * 1024;

    /// <summary>Edm.DateTime values must not precede 1601-01-01 UTC.</summary>
    public static readonly DateTimeOffset MinDateTime = new(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, object> _properties = new(StringComparer.Ordinal);

    public TableRow(string partitionKey, string rowKey)
    {
        TableNames.ValidateKey(partitionKey, nameof(PartitionKey));
        TableNames.ValidateKey(rowKey, nameof(RowKey));
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    public string PartitionKey { get; }
    public string RowKey { get; }

    /// <summary>The entity's version as returned by the service when it was read; null for entities built locally.</summary>
    public string? ETag { get; internal set; }

    /// <summary>The service's last-modified time; null for entities built locally.</summary>
    public DateTimeOffset? Timestamp { get; internal set; }

    public IReadOnlyCollection<string> PropertyNames => _properties.Keys;

    /// <summary>Every property with its .NET value (string, bool, int, long, DateTimeOffset, Guid or byte[]).</summary>
    public IEnumerable<KeyValuePair<string, object>> Properties => _properties;

    public bool Contains(string name) => _properties.ContainsKey(name);

    public bool Remove(string name) => _properties.Remove(name);

    public TableRow Set(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (value.Length > MaxStringLength)
            throw new ArgumentException($"String property \"{name}\" is {value.Length} characters; the Table service allows at most {MaxStringLength}.", nameof(value));
        return Store(name, value);
    }

    public TableRow Set(string name, bool value) => Store(name, value);

    public TableRow Set(string name, int value) => Store(name, value);

    /// <summary>Stored as Edm.Int64.</summary>
    public TableRow Set(string name, long value) => Store(name, value);

    /// <summary>Stored as Edm.DateTime in UTC with 100 ns precision; the offset is not kept.</summary>
    public TableRow Set(string name, DateTimeOffset value)
    {
        if (value < MinDateTime)
            throw new ArgumentOutOfRangeException(nameof(value), value, $"DateTime property \"{name}\" is before {MinDateTime:O}, the earliest value the Table service stores.");
        return Store(name, value.ToUniversalTime());
    }

    public TableRow Set(string name, Guid value) => Store(name, value);

    public TableRow Set(string name, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (value.Length > MaxBinaryLength)
            throw new ArgumentException($"Binary property \"{name}\" is {value.Length} bytes; the Table service allows at most {MaxBinaryLength}.", nameof(value));
        return Store(name, value.ToArray());
    }

    /// <summary>Stores an integer of any size (e.g. on-chain units) as its invariant decimal string.</summary>
    public TableRow SetBigInteger(string name, BigInteger value) => Set(name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Stores a decimal as its invariant string, keeping its scale ("1.50" stays "1.50").</summary>
    public TableRow SetDecimal(string name, decimal value) => Set(name, value.ToString(CultureInfo.InvariantCulture));

    public string GetString(string name) => Get<string>(name);
    public bool GetBoolean(string name) => Get<bool>(name);
    public int GetInt32(string name) => Get<int>(name);

    /// <summary>Reads an Edm.Int64 (or a widened Edm.Int32).</summary>
    public long GetInt64(string name) => Find(name) is int small ? small : Get<long>(name);

    public DateTimeOffset GetDateTimeOffset(string name) => Get<DateTimeOffset>(name);
    public Guid GetGuid(string name) => Get<Guid>(name);
    public byte[] GetBinary(string name) => Get<byte[]>(name).ToArray();

    public BigInteger GetBigInteger(string name)
    {
        var text = GetString(name);
        if (!BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            throw new FormatException($"Property \"{name}\" of entity {Describe()} holds \"{TableNames.Printable(text)}\", which is not an integer.");
        return value;
    }

    public decimal GetDecimal(string name)
    {
        var text = GetString(name);
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            throw new FormatException($"Property \"{name}\" of entity {Describe()} holds \"{TableNames.Printable(text)}\", which is not a decimal number.");
        return value;
    }

    public override string ToString() => $"{Describe()} with {_properties.Count} properties";

    internal string Describe() => $"(PartitionKey \"{TableNames.Printable(PartitionKey)}\", RowKey \"{TableNames.Printable(RowKey)}\")";

    /// <summary>Used when reading from the service; the caller has already checked the value's type.</summary>
    internal void SetFromService(string name, object value) => _properties[name] = value;

    private TableRow Store(string name, object value)
    {
        TableNames.ValidatePropertyName(name);
        _properties[name] = value;
        return this;
    }

    private object? Find(string name) => _properties.GetValueOrDefault(name);

    private T Get<T>(string name)
    {
        if (!_properties.TryGetValue(name, out var value))
            throw new KeyNotFoundException($"Entity {Describe()} has no property \"{name}\".");
        if (value is T typed)
            return typed;
        throw new InvalidCastException(
            $"Property \"{name}\" of entity {Describe()} is {EdmTypes.NameOf(value)}, not {EdmTypes.NameOf(typeof(T))}.");
    }
}

/// <summary>The Edm type names used on the wire for the supported .NET types.</summary>
internal static class EdmTypes
{
    public const string String = "Edm.String";
    public const string Boolean = "Edm.Boolean";
    public const string Int32 = "Edm.Int32";
    public const string Int64 = "Edm.Int64";
    public const string DateTime = "Edm.DateTime";
    public const string Guid = "Edm.Guid";
    public const string Binary = "Edm.Binary";

    public static string NameOf(object value) => NameOf(value.GetType());

    public static string NameOf(Type type) => type switch
    {
        _ when type == typeof(string) => String,
        _ when type == typeof(bool) => Boolean,
        _ when type == typeof(int) => Int32,
        _ when type == typeof(long) => Int64,
        _ when type == typeof(DateTimeOffset) => DateTime,
        _ when type == typeof(System.Guid) => Guid,
        _ when type == typeof(byte[]) => Binary,
        _ => type.Name,
    };
}
