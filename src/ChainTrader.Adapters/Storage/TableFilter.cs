using System.Runtime.CompilerServices;
using Azure.Data.Tables;

namespace ChainTrader.Adapters.Storage;

/// <summary>
/// An OData $filter expression built only from validated property names and values quoted by the SDK
/// (<see cref="TableClient.CreateQueryFilter(FormattableString)"/>), so no value can change the shape of a query.
/// Combine with <see cref="And"/>, <see cref="Or"/> and <see cref="Not"/>; each operand is parenthesised.
/// </summary>
public sealed class TableFilter
{
    private TableFilter(string text) => Text = text;

    /// <summary>The OData expression, e.g. <c>PartitionKey eq 'a''b'</c>.</summary>
    public string Text { get; }

    public override string ToString() => Text;

    public static TableFilter Equal(string property, TableFilterValue value) => Compare(property, "eq", value);
    public static TableFilter NotEqual(string property, TableFilterValue value) => Compare(property, "ne", value);
    public static TableFilter GreaterThan(string property, TableFilterValue value) => Compare(property, "gt", value);
    public static TableFilter GreaterThanOrEqual(string property, TableFilterValue value) => Compare(property, "ge", value);
    public static TableFilter LessThan(string property, TableFilterValue value) => Compare(property, "lt", value);
    public static TableFilter LessThanOrEqual(string property, TableFilterValue value) => Compare(property, "le", value);

    public static TableFilter PartitionKeyEquals(string partitionKey) => Equal("PartitionKey", partitionKey);

    /// <summary>
    /// Every string value that begins with <paramref name="prefix"/>: <c>p ge 'prefix' and p lt 'prefiy'</c>
    /// (keys sort ordinally, so this is a range scan).
    /// </summary>
    public static TableFilter StartsWith(string property, string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length == 0)
            return GreaterThanOrEqual(property, "");
        var last = prefix[^1];
        if (last == char.MaxValue)
            throw new ArgumentException($"Prefix \"{TableNames.Printable(prefix)}\" ends with U+FFFF and has no successor to bound the range.", nameof(prefix));
        var upper = prefix[..^1] + (char)(last + 1);
        return GreaterThanOrEqual(property, prefix).And(LessThan(property, upper));
    }

    public TableFilter And(TableFilter other) => Combine(this, "and", other);
    public TableFilter Or(TableFilter other) => Combine(this, "or", other);
    public TableFilter Not() => new($"not ({Text})");

    private static TableFilter Combine(TableFilter left, string op, TableFilter right)
    {
        ArgumentNullException.ThrowIfNull(right);
        return new TableFilter($"({left.Text}) {op} ({right.Text})");
    }

    private static TableFilter Compare(string property, string op, TableFilterValue value)
    {
        ArgumentNullException.ThrowIfNull(property);
        if (property is not ("PartitionKey" or "RowKey" or "Timestamp"))
            TableNames.ValidatePropertyName(property);
        // The property name is validated above, so only the value goes through the SDK's quoting.
        return new TableFilter(TableClient.CreateQueryFilter(FormattableStringFactory.Create(property + " " + op + " {0}", value.Value)));
    }
}
