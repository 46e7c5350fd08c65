using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using Nethereum.Util;

namespace ChainTrader.Core.Evm.Abi;

/// <summary>
/// Solidity ABI encoding and strict decoding of a sequence of values (the body of calldata, return data, event data).
/// Values: integers as <see cref="BigInteger"/> (any built-in integer is accepted on input), <c>bool</c>,
/// addresses as "0x" strings (lower-case on output), <c>bytes</c>/<c>bytesN</c> as <c>byte[]</c>, <c>string</c>,
/// arrays and tuples as lists (decoded as <c>object[]</c>, exposed as <see cref="IReadOnlyList{T}"/>).
/// </summary>
public static class AbiCodec
{
    private const int Word = 32;
    private static readonly BigInteger TwoTo256 = BigInteger.One << 256;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object> values)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(values);
        return EncodeSequence(types, values, AbiPath.Root("values", null));
    }

    public static IReadOnlyList<object> Decode(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(types);
        return DecodeSequence(types, data, 0, AbiPath.Root("values", null));
    }

    internal static byte[] EncodeParameters(IReadOnlyList<AbiParameter> parameters, IReadOnlyList<object> values, string context)
        => EncodeSequence(parameters.Select(p => p.Type).ToArray(), values, AbiPath.Root(context, parameters));

    internal static object[] DecodeParameters(IReadOnlyList<AbiParameter> parameters, ReadOnlySpan<byte> data, string context)
        => DecodeSequence(parameters.Select(p => p.Type).ToArray(), data, 0, AbiPath.Root(context, parameters));

    // ---------------------------------------------------------------- encoding

    private static byte[] EncodeSequence(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values, AbiPath path)
    {
        if (types.Count != values.Count)
            throw new AbiEncodingException($"{path}: expected {types.Count} values for ({string.Join(",", types)}) but got {values.Count}.");
        var headSize = types.Sum(t => t.HeadSize);
        var heads = new byte[headSize];
        var tails = new List<byte[]>();
        var headPosition = 0;
        var tailOffset = headSize;
        for (var i = 0; i < types.Count; i++)
        {
            var encoded = EncodeValue(types[i], values[i], path.Child(i));
            if (types[i].IsDynamic)
            {
                WriteUnsigned(tailOffset, heads.AsSpan(headPosition, Word));
                tails.Add(encoded);
                tailOffset += encoded.Length;
            }
            else
            {
                encoded.CopyTo(heads, headPosition);
            }
            headPosition += types[i].HeadSize;
        }
        if (tails.Count == 0)
            return heads;
        var result = new byte[tailOffset];
        heads.CopyTo(result, 0);
        var position = headSize;
        foreach (var tail in tails)
        {
            tail.CopyTo(result, position);
            position += tail.Length;
        }
        return result;
    }

    private static byte[] EncodeValue(AbiType type, object? value, AbiPath path)
    {
        switch (type)
        {
            case AbiIntegerType integer:
                return EncodeInteger(integer, value, path);
            case AbiAddressType:
            {
                var word = new byte[Word];
                ToAddress(value, type, path).CopyTo(word.AsSpan(Word - Address.Length));
                return word;
            }
            case AbiBoolType:
            {
                var word = new byte[Word];
                word[Word - 1] = Expect<bool>(value, type, path, "a bool") ? (byte)1 : (byte)0;
                return word;
            }
            case AbiFixedBytesType fixedBytes:
            {
                var bytes = Expect<byte[]>(value, type, path, "a byte[]");
                if (bytes.Length != fixedBytes.Size)
                    throw new AbiEncodingException($"{path} ({type}): expected exactly {fixedBytes.Size} bytes but got {bytes.Length}.");
                var word = new byte[Word];
                bytes.CopyTo(word, 0);
                return word;
            }
            case AbiBytesType:
                return EncodeLengthPrefixed(Expect<byte[]>(value, type, path, "a byte[]"));
            case AbiStringType:
                return EncodeLengthPrefixed(Encoding.UTF8.GetBytes(Expect<string>(value, type, path, "a string")));
            case AbiArrayType array:
            {
                var elements = AsList(value, type, path);
                if (array.Length is { } length && elements.Count != length)
                    throw new AbiEncodingException($"{path} ({type}): expected exactly {length} elements but got {elements.Count}.");
                var body = EncodeSequence(new RepeatedType(array.Element, elements.Count), elements, path);
                if (array.Length is not null)
                    return body;
                var withLength = new byte[Word + body.Length];
                WriteUnsigned(elements.Count, withLength.AsSpan(0, Word));
                body.CopyTo(withLength, Word);
                return withLength;
            }
            case AbiTupleType tuple:
            {
                var components = AsList(value, type, path);
                if (components.Count != tuple.Components.Count)
                    throw new AbiEncodingException($"{path} ({type}): expected {tuple.Components.Count} tuple components but got {components.Count}.");
                return EncodeSequence(tuple.Types, components, path.WithNames(tuple.Components));
            }
            default:
                throw new InvalidOperationException($"Unhandled ABI type {type}.");
        }
    }

    private static byte[] EncodeInteger(AbiIntegerType type, object? value, AbiPath path)
    {
        BigInteger number = value switch
        {
            BigInteger b => b,
            int i => i,
            long l => l,
            uint u => u,
            ulong ul => ul,
            short s => s,
            ushort us => us,
            byte by => by,
            sbyte sb => sb,
            _ => throw WrongValue(value, type, path, "an integer (BigInteger)"),
        };
        if (number < type.MinValue || number > type.MaxValue)
            throw new AbiValueOutOfRangeException(
                $"{path}: {number.ToString(CultureInfo.InvariantCulture)} is out of range for {type} (allowed {type.MinValue.ToString(CultureInfo.InvariantCulture)} to {type.MaxValue.ToString(CultureInfo.InvariantCulture)}).",
                type, number);
        var word = new byte[Word];
        WriteTwosComplement(number, word);
        return word;
    }

    private static byte[] EncodeLengthPrefixed(byte[] content)
    {
        var result = new byte[Word + PaddedLength(content.Length)];
        WriteUnsigned(content.Length, result.AsSpan(0, Word));
        content.CopyTo(result, Word);
        return result;
    }

    private static int PaddedLength(int length) => (length + Word - 1) / Word * Word;

    private static void WriteUnsigned(long value, Span<byte> word) => WriteTwosComplement(value, word);

    private static void WriteTwosComplement(BigInteger value, Span<byte> word)
    {
        var unsigned = value.Sign < 0 ? value + TwoTo256 : value;
        var size = unsigned.GetByteCount(isUnsigned: true);
        word.Clear();
        unsigned.TryWriteBytes(word[(Word - size)..], out _, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>An Address, or text that parses as one (mixed case must carry a valid EIP-55 checksum).</summary>
    private static Address ToAddress(object? value, AbiType type, AbiPath path)
    {
        if (value is Address address) return address;
        var text = Expect<string>(value, type, path, "an Address or an address string");
        try { return Address.Parse(text); }
        catch (FormatException ex) { throw new AbiEncodingException($"{path} (address): {ex.Message}"); }
    }

    private static T Expect<T>(object? value, AbiType type, AbiPath path, string expected)
        => value is T typed ? typed : throw WrongValue(value, type, path, expected);

    /// <summary>Arrays and tuples accept any list or sequence except strings and byte arrays (those are scalar values).</summary>
    private static IReadOnlyList<object?> AsList(object? value, AbiType type, AbiPath path) => value switch
    {
        IReadOnlyList<object?> list => list,
        string or null => throw WrongValue(value, type, path, "a list of values"),
        IEnumerable sequence => sequence.Cast<object?>().ToArray(),
        _ => throw WrongValue(value, type, path, "a list of values"),
    };

    private static AbiEncodingException WrongValue(object? value, AbiType type, AbiPath path, string expected)
        => new($"{path} ({type}): expected {expected} but got {(value is null ? "null" : value.GetType().Name + " " + Describe(value))}.");

    /// <summary>
    /// The topic an indexed event parameter produces: the value's word for value types, otherwise the
    /// Keccak-256 of its in-place encoding (raw bytes/string content; elements and members concatenated,
    /// each padded to 32 bytes, no lengths and no offsets).
    /// </summary>
    internal static byte[] EncodeTopic(AbiType type, object? value, string context)
    {
        var path = AbiPath.Root(context, null);
        if (IsValueType(type))
            return EncodeValue(type, value, path);
        return Sha3Keccack.Current.CalculateHash(type switch
        {
            AbiBytesType => Expect<byte[]>(value, type, path, "a byte[]"),
            AbiStringType => Encoding.UTF8.GetBytes(Expect<string>(value, type, path, "a string")),
            _ => EncodeInPlace(type, value, path),
        });
    }

    /// <summary>Types that fit a word and are stored directly in a topic.</summary>
    internal static bool IsValueType(AbiType type) => type is AbiIntegerType or AbiAddressType or AbiBoolType or AbiFixedBytesType;

    private static byte[] EncodeInPlace(AbiType type, object? value, AbiPath path)
    {
        switch (type)
        {
            case AbiBytesType or AbiStringType:
            {
                var content = type is AbiBytesType
                    ? Expect<byte[]>(value, type, path, "a byte[]")
                    : Encoding.UTF8.GetBytes(Expect<string>(value, type, path, "a string"));
                var padded = new byte[PaddedLength(content.Length)];
                content.CopyTo(padded, 0);
                return padded;
            }
            case AbiArrayType array:
            {
                var elements = AsList(value, type, path);
                if (array.Length is { } length && elements.Count != length)
                    throw new AbiEncodingException($"{path} ({type}): expected exactly {length} elements but got {elements.Count}.");
                return elements.SelectMany((element, i) => EncodeInPlace(array.Element, element, path.Child(i))).ToArray();
            }
            case AbiTupleType tuple:
            {
                var components = AsList(value, type, path);
                if (components.Count != tuple.Components.Count)
                    throw new AbiEncodingException($"{path} ({type}): expected {tuple.Components.Count} tuple components but got {components.Count}.");
                var named = path.WithNames(tuple.Components);
                return components.SelectMany((component, i) => EncodeInPlace(tuple.Components[i].Type, component, named.Child(i))).ToArray();
            }
            default:
                return EncodeValue(type, value, path);
        }
    }

    // ---------------------------------------------------------------- decoding

    /// <summary>Decodes a head/tail sequence whose head starts at <paramref name="start"/>; offsets are relative to it.</summary>
    private static object[] DecodeSequence(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data, int start, AbiPath path)
    {
        var values = new object[types.Count];
        var headPosition = start;
        for (var i = 0; i < types.Count; i++)
        {
            var type = types[i];
            var elementPath = path.Child(i);
            if (type.IsDynamic)
            {
                var offset = ReadSize(data, headPosition, elementPath, "offset");
                var target = (long)start + offset;
                if (target > data.Length)
                    throw new AbiInvalidOffsetException(
                        $"{elementPath} ({type}): offset {offset} at byte {headPosition} points to byte {target}, outside the {data.Length}-byte data.", headPosition);
                values[i] = DecodeValue(type, data, (int)target, elementPath);
            }
            else
            {
                values[i] = DecodeValue(type, data, headPosition, elementPath);
            }
            headPosition += type.HeadSize;
        }
        return values;
    }

    private static object DecodeValue(AbiType type, ReadOnlySpan<byte> data, int position, AbiPath path)
    {
        switch (type)
        {
            case AbiIntegerType integer:
                return DecodeInteger(integer, ReadWord(data, position, path, type), position, path);
            case AbiAddressType:
            {
                var word = ReadWord(data, position, path, type);
                if (word[..12].ContainsAnyExcept((byte)0))
                    throw new AbiDirtyPaddingException($"{path} (address) at byte {position}: the 12 high bytes are not zero ({Hex.Encode(word)}).", position);
                return new Address(word[12..]).ToLowerHex();
            }
            case AbiBoolType:
            {
                var word = ReadWord(data, position, path, type);
                if (word[..31].ContainsAnyExcept((byte)0) || word[31] > 1)
                    throw new AbiDirtyPaddingException($"{path} (bool) at byte {position}: a bool must be 0 or 1, got {Hex.Encode(word)}.", position);
                return word[31] == 1;
            }
            case AbiFixedBytesType fixedBytes:
            {
                var word = ReadWord(data, position, path, type);
                if (word[fixedBytes.Size..].ContainsAnyExcept((byte)0))
                    throw new AbiDirtyPaddingException($"{path} ({type}) at byte {position}: the {Word - fixedBytes.Size} bytes after the value are not zero ({Hex.Encode(word)}).", position);
                return word[..fixedBytes.Size].ToArray();
            }
            case AbiBytesType:
                return ReadLengthPrefixed(data, position, path, type).ToArray();
            case AbiStringType:
            {
                var content = ReadLengthPrefixed(data, position, path, type);
                try
                {
                    return StrictUtf8.GetString(content);
                }
                catch (DecoderFallbackException e)
                {
                    throw new AbiDecodingException($"{path} (string) at byte {position}: the content is not valid UTF-8 ({e.Message}).", position);
                }
            }
            case AbiArrayType array:
            {
                var count = array.Length ?? ReadSize(data, position, path, "array length");
                var elementsStart = array.Length is null ? position + Word : position;
                // Refuse lengths the data cannot hold before allocating anything for them.
                var needed = (long)count * Math.Max(array.Element.HeadSize, 1);
                if (elementsStart + needed > data.Length)
                    throw new AbiTruncatedDataException(
                        $"{path} ({type}) at byte {position}: {count} elements need {needed} bytes from byte {elementsStart} but the data is {data.Length} bytes long.", position);
                return DecodeSequence(new RepeatedType(array.Element, count), data, elementsStart, path);
            }
            case AbiTupleType tuple:
                return DecodeSequence(tuple.Types, data, position, path.WithNames(tuple.Components));
            default:
                throw new InvalidOperationException($"Unhandled ABI type {type}.");
        }
    }

    private static BigInteger DecodeInteger(AbiIntegerType type, ReadOnlySpan<byte> word, int position, AbiPath path)
    {
        var value = new BigInteger(word, isUnsigned: true, isBigEndian: true);
        if (type.IsSigned && value > Int256MaxValue)
            value -= TwoTo256;
        if (value < type.MinValue || value > type.MaxValue)
            throw new AbiDirtyPaddingException(
                $"{path} ({type}) at byte {position}: the word {Hex.Encode(word)} has high bits set beyond {type} (it must be {(type.IsSigned ? "sign-extended" : "zero-padded")}).", position);
        return value;
    }

    private static readonly BigInteger Int256MaxValue = (BigInteger.One << 255) - 1;

    private static ReadOnlySpan<byte> ReadWord(ReadOnlySpan<byte> data, int position, AbiPath path, AbiType type)
    {
        if ((long)position + Word > data.Length)
            throw new AbiTruncatedDataException($"{path} ({type}): needs a 32-byte word at byte {position} but the data is {data.Length} bytes long.", position);
        return data.Slice(position, Word);
    }

    /// <summary>Reads an offset or length word, which must fit a 32-bit signed int (no real payload comes near 2 GB).</summary>
    private static int ReadSize(ReadOnlySpan<byte> data, int position, AbiPath path, string what)
    {
        if ((long)position + Word > data.Length)
            throw new AbiTruncatedDataException($"{path}: needs a 32-byte {what} at byte {position} but the data is {data.Length} bytes long.", position);
        var word = data.Slice(position, Word);
        if (word[..28].ContainsAnyExcept((byte)0) || word[28] >= 0x80)
            throw new AbiInvalidOffsetException($"{path}: the {what} at byte {position} is too large ({Hex.Encode(word)}).", position);
        return (word[28] << 24) | (word[29] << 16) | (word[30] << 8) | word[31];
    }

    /// <summary>
    /// Reads the bytes announced by a length word. Only the content must be present; the zero padding after it
    /// is not required, as Solidity's own decoder does not require it either.
    /// </summary>
    private static ReadOnlySpan<byte> ReadLengthPrefixed(ReadOnlySpan<byte> data, int position, AbiPath path, AbiType type)
    {
        var length = ReadSize(data, position, path, $"{type} length");
        var contentStart = (long)position + Word;
        if (contentStart + length > data.Length)
            throw new AbiTruncatedDataException(
                $"{path} ({type}) at byte {position}: announces {length} bytes from byte {contentStart} but the data is {data.Length} bytes long.", position);
        return data.Slice((int)contentStart, length);
    }

    /// <summary>The element type list of an array without materialising <c>count</c> references.</summary>
    private sealed class RepeatedType(AbiType type, int count) : IReadOnlyList<AbiType>
    {
        public AbiType this[int index] => type;
        public int Count => count;
        public IEnumerator<AbiType> GetEnumerator() => Enumerable.Repeat(type, count).GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    // ---------------------------------------------------------------- display

    /// <summary>Human-readable rendering of a decoded value for messages: decimal integers, hex bytes, quoted strings, [lists].</summary>
    public static string Describe(object? value) => value switch
    {
        null => "null",
        BigInteger b => b.ToString(CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        byte[] bytes => Hex.Encode(bytes),
        string text => "\"" + text + "\"",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(Describe)) + "]",
        _ => value.ToString() ?? "",
    };

    /// <summary>Where a value sits, for error messages: "transfer argument 'amount'", "values #2[1].recipient".</summary>
    private sealed class AbiPath
    {
        private readonly AbiPath? _parent;
        private readonly string _segment;
        private readonly IReadOnlyList<AbiParameter>? _childNames;

        private AbiPath(AbiPath? parent, string segment, IReadOnlyList<AbiParameter>? childNames)
        {
            _parent = parent;
            _segment = segment;
            _childNames = childNames;
        }

        public static AbiPath Root(string context, IReadOnlyList<AbiParameter>? names) => new(null, context, names);

        public AbiPath WithNames(IReadOnlyList<AbiParameter> names) => new(_parent, _segment, names);

        public AbiPath Child(int index)
        {
            var name = _childNames is not null && index < _childNames.Count ? _childNames[index].Name : "";
            string segment;
            if (_parent is null)
                segment = name.Length > 0 ? $" '{name}'" : $" #{index}";
            else
                segment = name.Length > 0 ? "." + name : $"[{index}]";
            return new AbiPath(this, segment, null);
        }

        public override string ToString() => _parent is null ? _segment : _parent + _segment;
    }
}
