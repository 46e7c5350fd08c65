using System.Globalization;
using System.Numerics;
using ChainTrader.Core;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Evm.Abi;

namespace ChainTrader.Cast;

/// <summary>
/// abi-encode and abi-decode. Arguments are text as typed on a command line: integers in decimal or 0x-hex, addresses
/// (EIP-55 checked), true/false, 0x-hex bytes, strings as-is, arrays as [a,b] and tuples as (a,b), nesting allowed.
/// </summary>
internal static class AbiCommands
{
    public static void Encode(string[] rest, TextWriter stdout)
    {
        if (rest.Length == 0)
            throw new UsageException("expected: abi-encode <signature> <args...>.");
        var function = AbiFunction.Parse(rest[0]);
        var args = rest[1..];
        if (args.Length != function.Inputs.Count)
            throw new FormatException($"{function.Signature} takes {function.Inputs.Count} argument(s) but {args.Length} were given.");
        var values = function.Inputs.Select((input, i) => ParseValue(input.Type, args[i], $"argument {i + 1} ({input.Type.CanonicalName})")).ToArray();
        stdout.WriteLine(Hex.Encode(function.Encode(values)));
    }

    /// <summary>
    /// "(uint256,address)" or a single type decodes data; a function signature such as "transfer(address,uint256)"
    /// decodes calldata after checking its selector. Prints one value per line.
    /// </summary>
    public static void Decode(string[] rest, TextWriter stdout)
    {
        if (rest.Length != 2)
            throw new UsageException("expected: abi-decode <types | function-signature> <hex>.");
        var spec = rest[0].Trim();
        var data = Hex.Decode(rest[1]);
        IReadOnlyList<AbiType> types;
        IReadOnlyList<object> values;
        if (!spec.StartsWith('(') && spec.Contains('('))
        {
            var function = AbiFunction.Parse(spec);
            types = function.Inputs.Select(p => p.Type).ToArray();
            values = function.DecodeInput(data);
        }
        else
        {
            var type = AbiType.Parse(spec);
            types = type is AbiTupleType tuple ? tuple.Types : [type];
            values = AbiCodec.Decode(types, data);
        }
        for (var i = 0; i < types.Count; i++)
            stdout.WriteLine(Format(types[i], values[i], topLevel: true));
    }

    private static object ParseValue(AbiType type, string text, string where)
    {
        switch (type)
        {
            case AbiIntegerType integer:
                return ParseInteger(text, integer, where);
            case AbiAddressType:
                return Address.Parse(text.Trim()).ToLowerHex();
            case AbiBoolType:
                return text.Trim() switch
                {
                    "true" => true,
                    "false" => false,
                    _ => throw new FormatException($"{where}: expected true or false, got \"{text}\"."),
                };
            case AbiBytesType or AbiFixedBytesType:
                return Hex.Decode(text.Trim());
            case AbiStringType:
                return text;
            case AbiArrayType array:
                return SplitComposite(text, '[', ']', where).Select((element, i) => ParseValue(array.Element, Unquote(element, array.Element), $"{where}[{i}]")).ToArray();
            case AbiTupleType tuple:
            {
                var parts = SplitComposite(text, '(', ')', where);
                if (parts.Count != tuple.Types.Count)
                    throw new FormatException($"{where}: tuple {tuple.CanonicalName} has {tuple.Types.Count} component(s) but {parts.Count} were given.");
                return parts.Select((part, i) => ParseValue(tuple.Types[i], Unquote(part, tuple.Types[i]), $"{where}.{i}")).ToArray();
            }
            default:
                throw new FormatException($"{where}: type {type.CanonicalName} cannot be given on the command line.");
        }
    }

    private static BigInteger ParseInteger(string text, AbiIntegerType type, string where)
    {
        var trimmed = text.Trim();
        var negative = trimmed.StartsWith('-');
        var digits = negative ? trimmed[1..] : trimmed;
        var isHex = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        // The leading "0" keeps hex digits from being read as a negative two's-complement number.
        var parsed = isHex
            ? BigInteger.TryParse("0" + digits[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            : BigInteger.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (!parsed || (isHex && digits.Length == 2))
            throw new FormatException($"{where}: \"{text}\" is not a decimal or 0x-hex integer.");
        value = negative ? -value : value;
        if (value < type.MinValue || value > type.MaxValue)
            throw new FormatException($"{where}: {value} is outside the range of {type.CanonicalName} ({type.MinValue}..{type.MaxValue}).");
        return value;
    }

    /// <summary>Splits "[a,(b,c),"d,e"]" into its top-level elements, honouring nesting and double quotes.</summary>
    private static List<string> SplitComposite(string text, char open, char close, string where)
    {
        var trimmed = text.Trim();
        if (trimmed.Length < 2 || trimmed[0] != open || trimmed[^1] != close)
            throw new FormatException($"{where}: expected a value in {open}...{close}, got \"{text}\".");
        var inner = trimmed[1..^1];
        var parts = new List<string>();
        if (inner.Trim().Length == 0)
            return parts;
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < inner.Length; i++)
        {
            var c = inner[i];
            if (c == '"') quoted = !quoted;
            else if (quoted) continue;
            else if (c is '[' or '(') depth++;
            else if (c is ']' or ')')
            {
                if (--depth < 0)
                    throw new FormatException($"{where}: unbalanced '{c}' at position {i + 1} of \"{text}\".");
            }
            else if (c == ',' && depth == 0)
            {
                parts.Add(inner[start..i]);
                start = i + 1;
            }
        }
        if (depth != 0 || quoted)
            throw new FormatException($"{where}: unbalanced brackets or quotes in \"{text}\".");
        parts.Add(inner[start..]);
        return parts;
    }

    /// <summary>Inside arrays and tuples a string may be quoted so that it can contain commas.</summary>
    private static string Unquote(string element, AbiType type)
    {
        var trimmed = element.Trim();
        return type is AbiStringType && trimmed.Length >= 2 && trimmed[0] == '"' && trimmed[^1] == '"' ? trimmed[1..^1] : trimmed;
    }

    private static string Format(AbiType type, object value, bool topLevel = false) => (type, value) switch
    {
        (AbiIntegerType, BigInteger integer) => integer.ToString(CultureInfo.InvariantCulture),
        (AbiAddressType, string address) => Address.Parse(address).ToString(),
        (AbiBoolType, bool flag) => flag ? "true" : "false",
        (AbiBytesType or AbiFixedBytesType, byte[] bytes) => Hex.Encode(bytes),
        (AbiStringType, string text) => topLevel ? text : "\"" + text.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        (AbiArrayType array, IReadOnlyList<object> items) => "[" + string.Join(", ", items.Select(item => Format(array.Element, item))) + "]",
        (AbiTupleType tuple, IReadOnlyList<object> items) => "(" + string.Join(", ", items.Select((item, i) => Format(tuple.Types[i], item))) + ")",
        _ => throw new InvalidOperationException($"Decoded value of type {value.GetType().Name} does not match ABI type {type.CanonicalName}."),
    };
}
