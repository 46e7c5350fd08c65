using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChainTrader.Core;

namespace ChainTrader.Adapters.Rpc;

/// <summary>
/// Strict readers for JSON-RPC result values and writers for parameters. Readers throw <see cref="FormatException"/> naming
/// the field; <see cref="RpcCall{T}"/> turns that into <see cref="RpcMalformedResponseException"/> for the endpoint.
/// </summary>
internal static class RpcJson
{
    public static JsonElement Field(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object)
            throw new FormatException($"expected an object holding '{name}', got {obj.ValueKind}");
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            throw new FormatException($"field '{name}' is missing or null");
        return value;
    }

    public static JsonElement? OptionalField(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object)
            throw new FormatException($"expected an object holding '{name}', got {obj.ValueKind}");
        return obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
    }

    /// <summary>A quantity per the Ethereum JSON-RPC encoding rules: "0x" then hex digits without leading zeros ("0x0" for zero).</summary>
    public static BigInteger BigQuantity(JsonElement value, string what)
    {
        var digits = QuantityDigits(value, what);
        return BigInteger.Parse("0" + digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    public static ulong Quantity(JsonElement value, string what)
    {
        var digits = QuantityDigits(value, what);
        if (digits.Length > 16) throw new FormatException($"{what}: quantity 0x{digits} does not fit in 64 bits");
        return Hex.ParseQuantity("0x" + digits);
    }

    private static string QuantityDigits(JsonElement value, string what)
    {
        if (value.ValueKind != JsonValueKind.String)
            throw new FormatException($"{what}: expected a hex quantity string, got {value.ValueKind} {Shorten(value.GetRawText())}");
        var text = value.GetString()!;
        if (text.Length < 3 || !text.StartsWith("0x", StringComparison.Ordinal))
            throw new FormatException($"{what}: \"{Shorten(text)}\" is not a 0x-prefixed hex quantity");
        var digits = text[2..];
        foreach (var c in digits)
        {
            if (!char.IsAsciiHexDigit(c)) throw new FormatException($"{what}: \"{Shorten(text)}\" has a non-hex character '{c}'");
        }
        if (digits.Length > 1 && digits[0] == '0')
            throw new FormatException($"{what}: quantity \"{Shorten(text)}\" has leading zeros");
        return digits;
    }

    /// <summary>Unformatted data: "0x" then an even number of hex digits; optionally of an exact byte length.</summary>
    public static byte[] Data(JsonElement value, string what, int? length = null)
    {
        if (value.ValueKind != JsonValueKind.String)
            throw new FormatException($"{what}: expected hex data, got {value.ValueKind} {Shorten(value.GetRawText())}");
        var text = value.GetString()!;
        if (!text.StartsWith("0x", StringComparison.Ordinal))
            throw new FormatException($"{what}: \"{Shorten(text)}\" is not 0x-prefixed hex data");
        var bytes = Hex.Decode(text);
        if (length is { } n && bytes.Length != n)
            throw new FormatException($"{what}: expected {n} bytes, got {bytes.Length}");
        return bytes;
    }

    /// <summary>A 32-byte hash, returned lower-case.</summary>
    public static string Hash(JsonElement value, string what) => Hex.Encode(Data(value, what, 32));

    /// <summary>A 20-byte address, returned lower-case (checksumming is the caller's concern).</summary>
    public static string Address(JsonElement value, string what) => Hex.Encode(Data(value, what, 20));

    public static bool Boolean(JsonElement value, string what) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new FormatException($"{what}: expected true or false, got {Shorten(value.GetRawText())}"),
    };

    public static IReadOnlyList<T> Array<T>(JsonElement value, string what, Func<JsonElement, string, T> read)
    {
        if (value.ValueKind != JsonValueKind.Array)
            throw new FormatException($"{what}: expected an array, got {value.ValueKind}");
        var items = new List<T>(value.GetArrayLength());
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            items.Add(read(item, $"{what}[{i}]"));
            i++;
        }
        return items;
    }

    // Parameter side: caller input is validated with ArgumentException naming the parameter.

    public static JsonValue QuantityParam(BigInteger value, string paramName)
    {
        if (value.Sign < 0) throw new ArgumentOutOfRangeException(paramName, value, "A quantity cannot be negative.");
        var hex = value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');
        return JsonValue.Create("0x" + (hex.Length == 0 ? "0" : hex));
    }

    public static JsonValue AddressParam(string address, string paramName) => JsonValue.Create(CheckedHex(address, 20, paramName));

    public static JsonValue HashParam(string hash, string paramName) => JsonValue.Create(CheckedHex(hash, 32, paramName));

    public static JsonValue DataParam(ReadOnlySpan<byte> data) => JsonValue.Create(Hex.Encode(data));

    /// <summary>Data given as hex text, as Nethereum's call objects keep calldata; sent as <see cref="DataParam"/> sends bytes.</summary>
    public static JsonValue HexDataParam(string data, string paramName)
    {
        ArgumentNullException.ThrowIfNull(data, paramName);
        try
        {
            return DataParam(Hex.Decode(data));
        }
        catch (FormatException e)
        {
            throw new ArgumentException(e.Message, paramName, e);
        }
    }

    private static string CheckedHex(string value, int length, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        if (value.Length != 2 + 2 * length || !value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || !IsHex(value.AsSpan(2)))
            throw new ArgumentException($"Expected 0x followed by {2 * length} hex digits ({length} bytes), got \"{Shorten(value)}\".", paramName);
        return value;
    }

    private static bool IsHex(ReadOnlySpan<char> digits)
    {
        foreach (var c in digits)
        {
            if (!char.IsAsciiHexDigit(c)) return false;
        }
        return true;
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..77] + "...";
}
