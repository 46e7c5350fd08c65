using System.Text.RegularExpressions;

namespace ChainTrader.Adapters.Storage;

/// <summary>The Table service's naming rules, checked before any request so bad input fails with a precise message.</summary>
public static partial class TableNames
{
    /// <summary>Keys may be up to 1 KiB, i.e. 512 UTF-16 code units.</summary>
    public const int MaxKeyLength = 512;

    /// <summary>Reserved for this client's write tokens (see <see cref="EntityTable"/>); never exposed on read.</summary>
    internal const string WriteIdProperty = "_ChainTraderWriteId";

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableNamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,254}$")]
    private static partial Regex PropertyNamePattern();

    public static void ValidateTableName(string tableName)
    {
        ArgumentNullException.ThrowIfNull(tableName);
        if (!TableNamePattern().IsMatch(tableName))
            throw new ArgumentException(
                $"Table name \"{tableName}\" is invalid: it must be 3-63 letters or digits and start with a letter.", nameof(tableName));
        if (tableName.Equals("tables", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException("Table name \"tables\" is reserved by the Table service.", nameof(tableName));
    }

    /// <summary>
    /// PartitionKey and RowKey may not contain '/', '\\', '#', '?' or control characters (U+0000-U+001F, U+007F-U+009F)
    /// and may be at most 1 KiB (512 UTF-16 code units). Empty keys are allowed by the service.
    /// </summary>
    public static void ValidateKey(string? key, string keyName)
    {
        if (key is null)
            throw new ArgumentException($"{keyName} is required (null given).", keyName);
        if (key.Length > MaxKeyLength)
            throw new ArgumentException(
                $"{keyName} is {key.Length} UTF-16 code units long; the Table service allows at most {MaxKeyLength} (1 KiB).", keyName);
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            var problem = c switch
            {
                '/' => "'/'",
                '\\' => "'\\'",
                '#' => "'#'",
                '?' => "'?'",
                _ when c <= '\u001F' || c is >= '\u007F' and <= '\u009F' => $"control character U+{(int)c:X4}",
                _ => null,
            };
            if (problem is not null)
                throw new ArgumentException(
                    $"{keyName} \"{Printable(key)}\" contains {problem} at position {i}; the Table service forbids '/', '\\', '#', '?' and control characters in keys.",
                    keyName);
        }
    }

    /// <summary>Property names follow C# identifier rules (ASCII subset), at most 255 characters; system names are reserved.</summary>
    public static void ValidatePropertyName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!PropertyNamePattern().IsMatch(name))
            throw new ArgumentException(
                $"Property name \"{Printable(name)}\" is invalid: use 1-255 ASCII letters, digits or '_', not starting with a digit.", nameof(name));
        if (name is "PartitionKey" or "RowKey" or "Timestamp" or "ETag" || name == WriteIdProperty)
            throw new ArgumentException($"Property name \"{name}\" is reserved.", nameof(name));
    }

    internal static string Printable(string value)
    {
        var shown = value.Length > 80 ? value[..80] + "…" : value;
        return string.Create(shown.Length, shown, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
                span[i] = char.IsControl(source[i]) ? '·' : source[i];
        });
    }
}
