using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using ChainTrader.Core;
using ChainTrader.Core.Evm;
using Nethereum.Model;

namespace ChainTrader.Cast;

/// <summary>
/// The JSON forms of sign-tx (input) and decode-tx (output). Quantities are written as JSON-RPC hex ("0x5208") and
/// read as JSON integers, decimal strings or 0x-hex strings.
/// </summary>
internal static class TransactionJson
{
    public sealed record Request(SignedTransaction Transaction, string? KeyHex);

    private static readonly string[] KnownFields =
        ["key", "chainId", "type", "nonce", "gas", "gasPrice", "maxFeePerGas", "maxPriorityFeePerGas", "to", "value", "data", "accessList"];

    public static Request ParseRequest(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new FormatException($"The transaction JSON must be an object; got {root.ValueKind}.");
        foreach (var property in root.EnumerateObject())
        {
            if (!KnownFields.Contains(property.Name))
                throw new FormatException($"Unknown field \"{property.Name}\" in the transaction JSON (known: {string.Join(", ", KnownFields)}).");
        }

        var type = root.TryGetProperty("type", out var typeElement) ? (int)ReadInteger(typeElement, "type") : 2;
        var chainId = (ulong)ReadInteger(Required(root, "chainId"), "chainId", 64);
        var nonce = (ulong)ReadInteger(Required(root, "nonce"), "nonce", 64);
        var gas = ReadInteger(Required(root, "gas"), "gas");
        var to = root.TryGetProperty("to", out var toElement) && toElement.ValueKind != JsonValueKind.Null
            ? Address.Parse(ReadString(toElement, "to"))
            : (Address?)null;
        var value = root.TryGetProperty("value", out var valueElement) ? ReadInteger(valueElement, "value") : BigInteger.Zero;
        var data = root.TryGetProperty("data", out var dataElement) ? DecodeHex(ReadString(dataElement, "data"), "data") : [];
        var accessList = root.TryGetProperty("accessList", out var listElement) ? ReadAccessList(listElement) : null;

        var toHex = to?.ToLowerHex();
        var dataHex = Hex.Encode(data);
        SignedTransaction transaction = type switch
        {
            0 => new LegacyTransactionChainId(ToRlpInteger(nonce), ToRlpInteger(ReadInteger(Required(root, "gasPrice", "type 0"), "gasPrice")), ToRlpInteger(gas),
                to?.ToBytes(), ToRlpInteger(value), data,
                ToRlpInteger(chainId != 0 ? chainId : throw new ArgumentOutOfRangeException(nameof(chainId), "ChainId 0 cannot be used with EIP-155; use null for a pre-EIP-155 transaction."))),
            1 => new Transaction2930(chainId, nonce, ReadInteger(Required(root, "gasPrice", "type 1"), "gasPrice"), gas, toHex, value, dataHex, accessList ?? []),
            2 => new Transaction1559(chainId, nonce,
                ReadInteger(Required(root, "maxPriorityFeePerGas", "type 2"), "maxPriorityFeePerGas"),
                ReadInteger(Required(root, "maxFeePerGas", "type 2"), "maxFeePerGas"),
                gas, toHex, value, dataHex, accessList ?? []),
            _ => throw new FormatException($"Field \"type\" must be 0 (legacy), 1 (EIP-2930) or 2 (EIP-1559); got {type}."),
        };
        RejectFieldsForOtherTypes(root, type, accessList is not null);
        var key = root.TryGetProperty("key", out var keyElement) ? ReadString(keyElement, "key") : null;
        return new Request(transaction, key);
    }

    public static void WriteDecoded(RawTransaction signed, TextWriter output)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("type", Quantity(signed.Type));
            if (signed.ChainId is { } chainId) json.WriteString("chainId", Quantity(chainId));
            else json.WriteNull("chainId");
            json.WriteString("nonce", Quantity(signed.Nonce));
            if (signed.GasPrice is { } gasPrice)
            {
                json.WriteString("gasPrice", Quantity(gasPrice));
            }
            else
            {
                json.WriteString("maxPriorityFeePerGas", Quantity(signed.MaxPriorityFeePerGas ?? 0));
                json.WriteString("maxFeePerGas", Quantity(signed.MaxFeePerGas ?? 0));
            }
            json.WriteString("gas", Quantity(signed.GasLimit));
            if (signed.To is { } to) json.WriteString("to", to.ToString());
            else json.WriteNull("to");
            json.WriteString("value", Quantity(signed.Value));
            json.WriteString("data", Hex.Encode(signed.Data));
            if (signed.Type != 0)
            {
                json.WriteStartArray("accessList");
                foreach (var entry in signed.AccessList)
                {
                    json.WriteStartObject();
                    json.WriteString("address", Address.Parse(entry.Address).ToString());
                    json.WriteStartArray("storageKeys");
                    foreach (var key in entry.StorageKeys) json.WriteStringValue(Hex.Encode(key));
                    json.WriteEndArray();
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteString("yParity", Quantity(signed.YParity));
            }
            else
            {
                json.WriteString("v", Quantity(signed.V));
            }
            json.WriteString("r", Quantity(signed.R));
            json.WriteString("s", Quantity(signed.S));
            json.WriteString("hash", signed.HashHex);
            json.WriteString("from", signed.RecoverSender().ToString());
            json.WriteEndObject();
        }
        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>Big-endian without leading zeros, zero as no bytes: how RLP writes an integer.</summary>
    private static byte[] ToRlpInteger(BigInteger value) => value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);

    private static string Quantity(BigInteger value) => "0x" + (value.IsZero ? "0" : Convert.ToHexStringLower(value.ToByteArray(isUnsigned: true, isBigEndian: true)).TrimStart('0'));

    private static JsonElement Required(JsonElement root, string name, string? forWhat = null)
        => root.TryGetProperty(name, out var element)
            ? element
            : throw new FormatException($"The transaction JSON is missing \"{name}\"{(forWhat is null ? "" : $" (required for {forWhat})")}.");

    private static void RejectFieldsForOtherTypes(JsonElement root, int type, bool hasAccessList)
    {
        string[] foreign = type == 2 ? ["gasPrice"] : ["maxFeePerGas", "maxPriorityFeePerGas"];
        foreach (var name in foreign)
        {
            if (root.TryGetProperty(name, out _))
                throw new FormatException($"Field \"{name}\" does not apply to a type {type} transaction.");
        }
        if (type == 0 && hasAccessList)
            throw new FormatException("Field \"accessList\" does not apply to a type 0 (legacy) transaction; use type 1 or 2.");
    }

    /// <summary>A JSON integer, a decimal string or a 0x-hex string; unsigned and at most <paramref name="maxBits"/> bits.</summary>
    private static BigInteger ReadInteger(JsonElement element, string name, int maxBits = 256)
    {
        BigInteger value;
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                if (!BigInteger.TryParse(element.GetRawText(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
                    throw new FormatException($"Field \"{name}\" must be a whole number; got {element.GetRawText()}.");
                break;
            case JsonValueKind.String:
                var text = element.GetString()!;
                var isHex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
                // The leading "0" keeps hex digits from being read as a negative two's-complement number.
                var parsed = isHex
                    ? BigInteger.TryParse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
                    : BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
                if (!parsed || (isHex && text.Length == 2))
                    throw new FormatException($"Field \"{name}\" must be a decimal or 0x-hex integer; got \"{text}\".");
                break;
            default:
                throw new FormatException($"Field \"{name}\" must be a number or a numeric string; got {element.ValueKind}.");
        }
        if (value.Sign < 0)
            throw new FormatException($"Field \"{name}\" must not be negative; got {value}.");
        if (value.GetBitLength() > maxBits)
            throw new FormatException($"Field \"{name}\" does not fit in {maxBits} bits; got {value}.");
        return value;
    }

    private static string ReadString(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.String ? element.GetString()! : throw new FormatException($"Field \"{name}\" must be a string; got {element.ValueKind}.");

    private static byte[] DecodeHex(string text, string name)
    {
        try
        {
            return Hex.Decode(text);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"Field \"{name}\": {ex.Message}", ex);
        }
    }

    private static List<AccessListItem> ReadAccessList(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Array)
            throw new FormatException($"Field \"accessList\" must be an array; got {element.ValueKind}.");
        var entries = new List<AccessListItem>();
        foreach (var item in element.EnumerateArray())
        {
            var label = $"accessList[{entries.Count}]";
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("address", out var address) || !item.TryGetProperty("storageKeys", out var keys) || keys.ValueKind != JsonValueKind.Array)
                throw new FormatException($"{label} must be an object with \"address\" and a \"storageKeys\" array.");
            var storageKeys = keys.EnumerateArray().Select((key, i) => DecodeHex(ReadString(key, $"{label}.storageKeys[{i}]"), $"{label}.storageKeys[{i}]")).ToList();
            var wrong = storageKeys.FindIndex(k => k.Length != 32);
            if (wrong >= 0)
                throw new ArgumentException($"Access list entry for {ReadString(address, $"{label}.address")}: storage key {wrong} is {storageKeys[wrong].Length} bytes; storage keys are 32 bytes.");
            entries.Add(new AccessListItem(Address.Parse(ReadString(address, $"{label}.address")).ToLowerHex(), storageKeys));
        }
        return entries;
    }
}
