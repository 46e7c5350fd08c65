namespace ChainTrader.Adapters.Storage;

/// <summary>A typed filter operand; converts implicitly from the supported property types (never double: money is never a double).</summary>
public readonly struct TableFilterValue
{
    private readonly object? _value;

    private TableFilterValue(object value) => _value = value;

    internal object Value => _value ?? throw new InvalidOperationException("A default TableFilterValue has no value; build one from a value.");

    public static implicit operator TableFilterValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value);
    }

    public static implicit operator TableFilterValue(bool value) => new(value);
    public static implicit operator TableFilterValue(int value) => new(value);
    public static implicit operator TableFilterValue(long value) => new(value);
    public static implicit operator TableFilterValue(DateTimeOffset value) => new(value.ToUniversalTime());
    public static implicit operator TableFilterValue(Guid value) => new(value);

    public static implicit operator TableFilterValue(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.ToArray());
    }

    public override string ToString() => _value?.ToString() ?? "";
}
