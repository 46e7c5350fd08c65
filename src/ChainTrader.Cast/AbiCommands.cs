using System.Globalization;
using System.Numerics;
using ChainTrader.Core;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Evm.Abi;
using Nethereum.ABI;
using Nethereum.ABI.FunctionEncoding;

namespace ChainTrader.Cast;

/// <summary>
/// abi-encode and abi-decode over Nethereum's encoder and decoder. Arguments are text as typed on a command line: integers
/// in decimal or 0x-hex, addresses (EIP-55 checked), true/false, 0x-hex bytes, strings as-is, arrays as [a,b] and tuples
/// as (a,b), nesting allowed.
/// </summary>
internal static class AbiCommands
{
    public static void Encode(string[] rest, TextWriter stdout)
    {
        if (rest.Length == 0)
            throw new UsageException("expected: abi-encode <signature> <args...>.");
        var function = AbiDeclarations.Function(rest[0]);
        var args = rest[1..];
        if (args.Length != function.InputParameters.Length)
            throw new FormatException($"{function.Signature} takes {function.InputParameters.Length} argument(s) but {args.Length} were given.");
        var values = function.InputParameters.Select((input, i) => ParseValue(input.ABIType, args[i], $"argument {i + 1} ({Canonical(input.ABIType)})")).ToArray();
        stdout.WriteLine(Hex.Encode(function.EncodeCall(values)));
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
        IReadOnlyList<ParameterOutput> values;
        if (!spec.StartsWith('(') && spec.Contains('('))
        {
            var function = AbiDeclarations.Function(spec);
            var selector = data.Length >= 4 ? Hex.Encode(data.AsSpan(0, 4)) : Hex.Encode(data);
            if (selector != function.SelectorHex())
                throw new FormatException($"the calldata starts with selector {selector}, not {function.SelectorHex()} ({function.Signature}).");
            values = AbiDeclarations.DecodeCanonical(function.InputParameters, data[4..]);
        }
        else
        {
            // A type list "(uint256,address)" or one type: the parameters of a nameless function.
            var parameters = AbiDeclarations.Function("f" + (spec.StartsWith('(') ? spec : "(" + spec + ")")).InputParameters;
            values = AbiDeclarations.DecodeCanonical(parameters, data);
        }
        foreach (var value in values.OrderBy(v => v.Parameter.Order))
            stdout.WriteLine(Format(value.Parameter.ABIType, value.Result, topLevel: true));
    }

    private static object ParseValue(ABIType type, string text, string where)
    {
        switch (type)
        {
            case IntType integer:
                return ParseInteger(text, integer, where);
            case AddressType:
                return Address.Parse(text.Trim()).ToLowerHex();
            case BoolType:
                return text.Trim() switch
                {
                    "true" => true,
                    "false" => false,
                    _ => throw new FormatException($"{where}: expected true or false, got \"{text}\"."),
                };
            case BytesType or BytesElementaryType or Bytes32Type:
                return Hex.Decode(text.Trim());
            case StringType:
                return text;
            case ArrayType array:
                return SplitComposite(text, '[', ']', where).Select((element, i) => ParseValue(array.ElementType, Unquote(element, array.ElementType), $"{where}[{i}]")).ToArray();
            case TupleType tuple:
            {
                var parts = SplitComposite(text, '(', ')', where);
                if (parts.Count != tuple.Components.Length)
                    throw new FormatException($"{where}: tuple {Canonical(tuple)} has {tuple.Components.Length} component(s) but {parts.Count} were given.");
                return parts.Select((part, i) => ParseValue(tuple.Components[i].ABIType, Unquote(part, tuple.Components[i].ABIType), $"{where}.{i}")).ToArray();
            }
            default:
                throw new FormatException($"{where}: type {Canonical(type)} cannot be given on the command line.");
        }
    }

    private static BigInteger ParseInteger(string text, IntType type, string where)
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
        var bits = type.StaticSize * 8;
        var signed = type.CanonicalName.StartsWith("int", StringComparison.Ordinal);
        var min = signed ? -(BigInteger.One << (bits - 1)) : BigInteger.Zero;
        var max = signed ? (BigInteger.One << (bits - 1)) - 1 : (BigInteger.One << bits) - 1;
        if (value < min || value > max)
            throw new FormatException($"{where}: {value} is outside the range of {type.CanonicalName} ({min}..{max}).");
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
    private static string Unquote(string element, ABIType type)
    {
        var trimmed = element.Trim();
        return type is StringType && trimmed.Length >= 2 && trimmed[0] == '"' && trimmed[^1] == '"' ? trimmed[1..^1] : trimmed;
    }

    /// <summary>Solidity's canonical type text, tuples written out: "(uint8,string)[]" where Nethereum names it "tuple[]".</summary>
    private static string Canonical(ABIType type) => type switch
    {
        TupleType tuple => "(" + string.Join(",", tuple.Components.OrderBy(c => c.Order).Select(c => Canonical(c.ABIType))) + ")",
        ArrayType array => Canonical(array.ElementType) + type.Name[type.Name.LastIndexOf('[')..],
        _ => type.CanonicalName,
    };

    private static string Format(ABIType type, object? value, bool topLevel = false) => (type, value) switch
    {
        (IntType, BigInteger integer) => integer.ToString(CultureInfo.InvariantCulture),
        (AddressType, string address) => Address.Parse(address.ToLowerInvariant()).ToString(),
        (BoolType, bool flag) => flag ? "true" : "false",
        (BytesType or BytesElementaryType or Bytes32Type, byte[] bytes) => Hex.Encode(bytes),
        (StringType, string text) => topLevel ? text : "\"" + text.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        (ArrayType array, System.Collections.IList items) => "[" + string.Join(", ", items.Cast<object?>().Select(item => Format(array.ElementType, item))) + "]",
        (TupleType, List<ParameterOutput> items) => "(" + string.Join(", ", items.OrderBy(i => i.Parameter.Order).Select(i => Format(i.Parameter.ABIType, i.Result))) + ")",
        _ => throw new InvalidOperationException($"Decoded value of type {value?.GetType().Name ?? "null"} does not match ABI type {Canonical(type)}."),
    };
}
