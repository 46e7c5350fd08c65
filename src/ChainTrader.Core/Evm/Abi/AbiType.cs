using System.Globalization;
using System.Numerics;
using System.Text;

namespace ChainTrader.Core.Evm.Abi;

/// <summary>
/// A Solidity ABI type. Two types are equal when their canonical names are equal
/// (tuple component names are descriptive only and do not take part).
/// </summary>
public abstract class AbiType : IEquatable<AbiType>
{
    private protected AbiType() { }

    /// <summary>The canonical name used in signatures, e.g. <c>uint256</c>, <c>(address,bytes32)[]</c>.</summary>
    public abstract string CanonicalName { get; }

    /// <summary>Dynamic types are encoded out of line, behind an offset in the head.</summary>
    public abstract bool IsDynamic { get; }

    /// <summary>Bytes the type takes in the head of an enclosing sequence: 32 for dynamic types, the full inline size for static ones.</summary>
    public abstract int HeadSize { get; }

    public static AbiType Address { get; } = new AbiAddressType();
    public static AbiType Bool { get; } = new AbiBoolType();
    public static AbiType String { get; } = new AbiStringType();
    public static AbiType Bytes { get; } = new AbiBytesType();
    public static AbiIntegerType UInt256 { get; } = new(256, signed: false);
    public static AbiIntegerType Int256 { get; } = new(256, signed: true);

    public static AbiIntegerType UInt(int bits) => new(bits, signed: false);
    public static AbiIntegerType Int(int bits) => new(bits, signed: true);
    public static AbiFixedBytesType FixedBytes(int size) => new(size);
    public static AbiArrayType ArrayOf(AbiType element) => new(element, null);
    public static AbiArrayType FixedArrayOf(AbiType element, int length) => new(element, length);
    public static AbiTupleType Tuple(params AbiType[] components) => new(components.Select(t => new AbiParameter("", t)).ToArray());

    /// <summary>
    /// Parses a type string such as <c>uint</c>, <c>bytes32[2][]</c> or <c>(address,(uint8,string)[])</c>
    /// (the <c>tuple(...)</c> spelling is accepted too). Throws <see cref="FormatException"/> saying what is wrong and where.
    /// </summary>
    public static AbiType Parse(string text) => AbiSignatureParser.ParseStandaloneType(text);

    public bool Equals(AbiType? other) => other is not null && other.CanonicalName == CanonicalName;
    public override bool Equals(object? obj) => Equals(obj as AbiType);
    public override int GetHashCode() => CanonicalName.GetHashCode(StringComparison.Ordinal);
    public override string ToString() => CanonicalName;
}

/// <summary><c>uintN</c> / <c>intN</c>, N a multiple of 8 from 8 to 256.</summary>
public sealed class AbiIntegerType : AbiType
{
    internal AbiIntegerType(int bits, bool signed)
    {
        if (bits < 8 || bits > 256 || bits % 8 != 0)
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "Integer ABI types need a bit size that is a multiple of 8 from 8 to 256.");
        Bits = bits;
        IsSigned = signed;
        MinValue = signed ? -(BigInteger.One << (bits - 1)) : BigInteger.Zero;
        MaxValue = signed ? (BigInteger.One << (bits - 1)) - 1 : (BigInteger.One << bits) - 1;
        CanonicalName = (signed ? "int" : "uint") + bits.ToString(CultureInfo.InvariantCulture);
    }

    public int Bits { get; }
    public bool IsSigned { get; }
    public BigInteger MinValue { get; }
    public BigInteger MaxValue { get; }
    public override string CanonicalName { get; }
    public override bool IsDynamic => false;
    public override int HeadSize => 32;
}

/// <summary>A 20-byte account address, left-padded to a word.</summary>
public sealed class AbiAddressType : AbiType
{
    internal AbiAddressType() { }
    public override string CanonicalName => "address";
    public override bool IsDynamic => false;
    public override int HeadSize => 32;
}

public sealed class AbiBoolType : AbiType
{
    internal AbiBoolType() { }
    public override string CanonicalName => "bool";
    public override bool IsDynamic => false;
    public override int HeadSize => 32;
}

/// <summary><c>bytesN</c>, N from 1 to 32, right-padded to a word.</summary>
public sealed class AbiFixedBytesType : AbiType
{
    internal AbiFixedBytesType(int size)
    {
        if (size < 1 || size > 32)
            throw new ArgumentOutOfRangeException(nameof(size), size, "bytesN needs N from 1 to 32.");
        Size = size;
        CanonicalName = "bytes" + size.ToString(CultureInfo.InvariantCulture);
    }

    public int Size { get; }
    public override string CanonicalName { get; }
    public override bool IsDynamic => false;
    public override int HeadSize => 32;
}

/// <summary>Dynamically sized <c>bytes</c>.</summary>
public sealed class AbiBytesType : AbiType
{
    internal AbiBytesType() { }
    public override string CanonicalName => "bytes";
    public override bool IsDynamic => true;
    public override int HeadSize => 32;
}

/// <summary>UTF-8 <c>string</c>.</summary>
public sealed class AbiStringType : AbiType
{
    internal AbiStringType() { }
    public override string CanonicalName => "string";
    public override bool IsDynamic => true;
    public override int HeadSize => 32;
}

/// <summary><c>T[]</c> when <see cref="Length"/> is null, otherwise <c>T[k]</c>.</summary>
public sealed class AbiArrayType : AbiType
{
    internal AbiArrayType(AbiType element, int? length)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (length < 0)
            throw new ArgumentOutOfRangeException(nameof(length), length, "A fixed array length cannot be negative.");
        Element = element;
        Length = length;
        CanonicalName = element.CanonicalName + (length is { } k ? "[" + k.ToString(CultureInfo.InvariantCulture) + "]" : "[]");
        IsDynamic = length is null || element.IsDynamic;
        if (IsDynamic)
        {
            HeadSize = 32;
        }
        else
        {
            var size = (long)length!.Value * element.HeadSize;
            if (size > MaxStaticSize)
                throw new ArgumentOutOfRangeException(nameof(length), length, $"{CanonicalName} would take {size} bytes inline; at most {MaxStaticSize} are supported.");
            HeadSize = (int)size;
        }
    }

    /// <summary>Keeps the arithmetic on head sizes far away from overflow; no real contract comes near it.</summary>
    internal const int MaxStaticSize = 1 << 24;

    public AbiType Element { get; }
    public int? Length { get; }
    public override string CanonicalName { get; }
    public override bool IsDynamic { get; }
    public override int HeadSize { get; }
}

/// <summary><c>(T1,T2,...)</c>, a struct; component names are kept for display.</summary>
public sealed class AbiTupleType : AbiType
{
    internal AbiTupleType(IReadOnlyList<AbiParameter> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        Components = components;
        Types = components.Select(c => c.Type).ToArray();
        CanonicalName = "(" + string.Join(",", components.Select(c => c.Type.CanonicalName)) + ")";
        IsDynamic = components.Any(c => c.Type.IsDynamic);
        var size = components.Sum(c => (long)c.Type.HeadSize);
        if (!IsDynamic && size > AbiArrayType.MaxStaticSize)
            throw new ArgumentOutOfRangeException(nameof(components), $"{CanonicalName} would take {size} bytes inline; at most {AbiArrayType.MaxStaticSize} are supported.");
        HeadSize = IsDynamic ? 32 : (int)size;
    }

    public static AbiTupleType Of(IReadOnlyList<AbiParameter> components) => new(components);

    public IReadOnlyList<AbiParameter> Components { get; }
    public IReadOnlyList<AbiType> Types { get; }
    public override string CanonicalName { get; }
    public override bool IsDynamic { get; }
    public override int HeadSize { get; }
}

/// <summary>A named parameter of a function, event, error or tuple. <see cref="Indexed"/> only applies to events.</summary>
public sealed record AbiParameter(string Name, AbiType Type, bool Indexed = false)
{
    public override string ToString()
        => Type.CanonicalName + (Indexed ? " indexed" : "") + (Name.Length > 0 ? " " + Name : "");
}

/// <summary>
/// Recursive-descent parser for type strings and human-readable declarations
/// (<c>function name(type name, ...) view returns (type)</c>, <c>event ...</c>, <c>error ...</c>).
/// Whitespace between tokens is free; everything else must be consumed or it is an error.
/// </summary>
internal sealed class AbiSignatureParser
{
    private static readonly HashSet<string> DataLocations = ["memory", "calldata", "storage"];

    private readonly string _text;
    private int _position;

    private AbiSignatureParser(string text)
    {
        _text = text;
    }

    public static AbiType ParseStandaloneType(string text)
    {
        var parser = Start(text, "type");
        var type = parser.ParseType();
        parser.ExpectEnd();
        return type;
    }

    /// <summary>Parses <c>[keyword] name(params) [trailing words...]</c>; the caller interprets the trailing words.</summary>
    public static ParsedDeclaration ParseDeclaration(string text, string keyword, bool allowIndexed)
    {
        var parser = Start(text, keyword + " declaration");
        parser.SkipWhitespace();
        var name = parser.ReadIdentifier("a name");
        parser.SkipWhitespace();
        if (name == keyword && (parser.AtEnd || parser.Peek() != '('))
            name = parser.ReadIdentifier("a name");
        var inputs = parser.ParseParameterList(allowIndexed);
        var trailing = new List<string>();
        IReadOnlyList<AbiParameter>? outputs = null;
        while (true)
        {
            parser.SkipWhitespace();
            if (parser.AtEnd || parser.Peek() == ';')
                break;
            var word = parser.ReadIdentifier("a modifier or the end");
            if (word == "returns" && outputs is null)
                outputs = parser.ParseParameterList(allowIndexed: false);
            else
                trailing.Add(word);
        }
        if (!parser.AtEnd && parser.Peek() == ';')
            parser._position++;
        parser.ExpectEnd();
        return new ParsedDeclaration(name, inputs, outputs, trailing);
    }

    internal sealed record ParsedDeclaration(
        string Name, IReadOnlyList<AbiParameter> Inputs, IReadOnlyList<AbiParameter>? Outputs, IReadOnlyList<string> TrailingWords);

    private static AbiSignatureParser Start(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
            throw new FormatException($"Empty ABI {what}.");
        return new AbiSignatureParser(text);
    }

    private bool AtEnd => _position >= _text.Length;
    private char Peek() => _text[_position];

    private AbiType ParseType()
    {
        SkipWhitespace();
        var typeStart = _position;
        AbiType type;
        if (!AtEnd && Peek() == '(')
        {
            type = Tuple(ParseParameterList(allowIndexed: false), typeStart);
        }
        else
        {
            var name = ReadIdentifier("a type");
            SkipWhitespace();
            if (name == "tuple" && !AtEnd && Peek() == '(')
                type = Tuple(ParseParameterList(allowIndexed: false), typeStart);
            else
                type = Elementary(name, typeStart);
        }
        return ParseArraySuffixes(type, typeStart);
    }

    /// <summary>Applies <c>[k]</c>/<c>[]</c> suffixes, e.g. the <c>[2][]</c> of a JSON ABI <c>tuple[2][]</c>.</summary>
    public static AbiType ApplyArraySuffixes(AbiType element, string suffixes)
    {
        var parser = new AbiSignatureParser(suffixes);
        var type = parser.ParseArraySuffixes(element, 0);
        parser.ExpectEnd();
        return type;
    }

    private AbiType ParseArraySuffixes(AbiType type, int typeStart)
    {
        while (true)
        {
            SkipWhitespace();
            if (AtEnd || Peek() != '[')
                return type;
            var bracketAt = _position++;
            SkipWhitespace();
            var digitsStart = _position;
            while (!AtEnd && char.IsAsciiDigit(Peek()))
                _position++;
            var digits = _text[digitsStart.._position];
            SkipWhitespace();
            if (AtEnd || Peek() != ']')
                throw Error($"expected ']' to close the array suffix opened at position {bracketAt}");
            _position++;
            if (digits.Length == 0)
            {
                type = new AbiArrayType(type, null);
                continue;
            }
            if ((digits.Length > 1 && digits[0] == '0') || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
                throw Error($"invalid fixed array length '{digits}' at position {digitsStart}");
            if (!type.IsDynamic && (long)length * type.HeadSize > AbiArrayType.MaxStaticSize)
                throw Error($"array type at position {typeStart} is too large to encode inline (over {AbiArrayType.MaxStaticSize} bytes)");
            type = new AbiArrayType(type, length);
        }
    }

    private AbiTupleType Tuple(List<AbiParameter> components, int at)
    {
        if (components.All(c => !c.Type.IsDynamic) && components.Sum(c => (long)c.Type.HeadSize) > AbiArrayType.MaxStaticSize)
            throw Error($"tuple at position {at} is too large to encode inline (over {AbiArrayType.MaxStaticSize} bytes)");
        return new AbiTupleType(components);
    }

    private AbiType Elementary(string name, int at)
    {
        switch (name)
        {
            case "address": return AbiType.Address;
            case "bool": return AbiType.Bool;
            case "string": return AbiType.String;
            case "bytes": return AbiType.Bytes;
            case "uint": return AbiType.UInt256;
            case "int": return AbiType.Int256;
        }
        if (TrySplitSize(name, "uint", out var bits) || TrySplitSize(name, "int", out bits))
        {
            if (bits < 8 || bits > 256 || bits % 8 != 0)
                throw Error($"'{name}' at position {at} has an invalid bit size; use a multiple of 8 from 8 to 256");
            return name[0] == 'u' ? AbiType.UInt(bits) : AbiType.Int(bits);
        }
        if (TrySplitSize(name, "bytes", out var size))
        {
            if (size < 1 || size > 32)
                throw Error($"'{name}' at position {at} has an invalid size; bytesN needs N from 1 to 32");
            return AbiType.FixedBytes(size);
        }
        if (name.StartsWith("fixed", StringComparison.Ordinal) || name.StartsWith("ufixed", StringComparison.Ordinal) || name == "function")
            throw Error($"type '{name}' at position {at} is not supported by this codec");
        throw Error($"unknown type '{name}' at position {at} (struct and enum names must be written as their ABI types)");
    }

    /// <summary>Splits e.g. "uint64" into 64; rejects leading zeros so "uint08" is not taken for uint8.</summary>
    private static bool TrySplitSize(string name, string prefix, out int size)
    {
        size = 0;
        if (!name.StartsWith(prefix, StringComparison.Ordinal) || name.Length == prefix.Length)
            return false;
        var digits = name.AsSpan(prefix.Length);
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
                return false;
        }
        if (digits[0] == '0' || digits.Length > 3)
        {
            size = -1;
            return true;
        }
        size = int.Parse(digits, CultureInfo.InvariantCulture);
        return true;
    }

    private List<AbiParameter> ParseParameterList(bool allowIndexed)
    {
        SkipWhitespace();
        if (AtEnd || Peek() != '(')
            throw Error("expected '(' to start a parameter list");
        var openAt = _position++;
        var parameters = new List<AbiParameter>();
        SkipWhitespace();
        if (!AtEnd && Peek() == ')')
        {
            _position++;
            return parameters;
        }
        while (true)
        {
            parameters.Add(ParseParameter(allowIndexed));
            SkipWhitespace();
            if (AtEnd)
                throw Error($"the parameter list opened at position {openAt} is not closed");
            var c = Peek();
            _position++;
            if (c == ')')
                return parameters;
            if (c != ',')
                throw Error($"expected ',' or ')' at position {_position - 1} but found '{c}'");
        }
    }

    private AbiParameter ParseParameter(bool allowIndexed)
    {
        var type = ParseType();
        var indexed = false;
        var name = "";
        while (true)
        {
            SkipWhitespace();
            if (AtEnd || !PeekIdentifierStart())
                break;
            var wordAt = _position;
            var word = ReadIdentifier("a parameter name");
            if (name.Length > 0)
                throw Error($"unexpected '{word}' at position {wordAt} after parameter name '{name}'");
            if (word == "indexed")
            {
                if (!allowIndexed)
                    throw Error($"'indexed' at position {wordAt} is only allowed on event parameters");
                if (indexed)
                    throw Error($"'indexed' repeated at position {wordAt}");
                indexed = true;
            }
            else if (DataLocations.Contains(word) || (word == "payable" && type is AbiAddressType))
            {
                // Data locations and "address payable" are part of Solidity source, not of the ABI.
            }
            else
            {
                name = word;
            }
        }
        return new AbiParameter(name, type, indexed);
    }

    private bool PeekIdentifierStart() => !AtEnd && (char.IsAsciiLetter(Peek()) || Peek() is '_' or '$');

    private string ReadIdentifier(string expected)
    {
        SkipWhitespace();
        if (!PeekIdentifierStart())
            throw Error(AtEnd ? $"expected {expected} but the text ended" : $"expected {expected} at position {_position} but found '{Peek()}'");
        var start = _position;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(Peek()) || Peek() is '_' or '$'))
            _position++;
        return _text[start.._position];
    }

    private void SkipWhitespace()
    {
        while (!AtEnd && char.IsWhiteSpace(Peek()))
            _position++;
    }

    private void ExpectEnd()
    {
        SkipWhitespace();
        if (!AtEnd)
            throw Error($"unexpected '{Peek()}' at position {_position}");
    }

    private FormatException Error(string problem)
    {
        var shown = _text.Length <= 200 ? _text : _text[..197] + "...";
        return new FormatException(new StringBuilder("Invalid ABI type or signature \"").Append(shown).Append("\": ").Append(problem).Append('.').ToString());
    }
}
