using System.Buffers.Binary;
using System.Numerics;

namespace ChainTrader.Core.Evm;

/// <summary>An RLP item: a byte string or a list of items.</summary>
public abstract class RlpItem
{
    private protected RlpItem() { }

    /// <summary>Where the item starts in the input it was decoded from (-1 for items built in code); used in error messages.</summary>
    public int Offset { get; private protected init; } = -1;

    public static RlpString FromBytes(ReadOnlySpan<byte> bytes) => new(bytes.ToArray());

    /// <summary>An unsigned integer as RLP encodes it: big-endian without leading zeros, zero as the empty string.</summary>
    public static RlpString FromUInt(BigInteger value) => new(UInt256.ToMinimalBytes(value));

    public static RlpString FromUInt(ulong value) => FromUInt((BigInteger)value);

    public static RlpList List(params IEnumerable<RlpItem> items) => new(items.ToArray());

    /// <summary>Returns this item as a byte string or throws naming <paramref name="what"/>.</summary>
    public RlpString AsString(string what)
        => this as RlpString ?? throw new FormatException($"{what} must be an RLP string but is a list{At}.");

    public RlpList AsList(string what)
        => this as RlpList ?? throw new FormatException($"{what} must be an RLP list but is a string{At}.");

    private protected string At => Offset >= 0 ? $" (at offset {Offset})" : "";
}

public sealed class RlpString : RlpItem
{
    private readonly byte[] _bytes;

    public RlpString(byte[] bytes) => _bytes = bytes ?? throw new ArgumentNullException(nameof(bytes));

    internal RlpString(byte[] bytes, int offset) : this(bytes) => Offset = offset;

    public ReadOnlySpan<byte> Bytes => _bytes;

    public byte[] ToArray() => (byte[])_bytes.Clone();

    /// <summary>Reads a canonical unsigned integer of at most <paramref name="maxBits"/> bits.</summary>
    public BigInteger ToUInt(string what, int maxBits = 256)
    {
        if (_bytes.Length > 0 && _bytes[0] == 0)
            throw new FormatException($"{what} has a leading zero byte{At}; RLP integers are minimal big-endian.");
        if (_bytes.Length * 8 > maxBits)
            throw new FormatException($"{what} is {_bytes.Length} bytes{At}; it must fit in {maxBits} bits.");
        return UInt256.FromBytes(_bytes);
    }

    public ulong ToUInt64(string what) => (ulong)ToUInt(what, 64);
}

public sealed class RlpList : RlpItem
{
    public RlpList(IReadOnlyList<RlpItem> items) => Items = items ?? throw new ArgumentNullException(nameof(items));

    internal RlpList(IReadOnlyList<RlpItem> items, int offset) : this(items) => Offset = offset;

    public IReadOnlyList<RlpItem> Items { get; }

    public int Count => Items.Count;

    public RlpItem this[int index] => Items[index];

    /// <summary>Checks the list length, naming what the list is and the counts that would have been valid.</summary>
    public RlpList RequireCount(string what, params int[] allowed)
        => allowed.Contains(Count) ? this : throw new FormatException($"{what} must have {string.Join(" or ", allowed)} fields but has {Count}{At}.");
}

/// <summary>Recursive Length Prefix encoding (Ethereum yellow paper, appendix B) with strict, canonical-only decoding.</summary>
public static class Rlp
{
    private const int ShortLimit = 56;

    public static byte[] Encode(RlpItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var output = new byte[EncodedLength(item)];
        var written = Write(item, output);
        return written == output.Length ? output : throw new InvalidOperationException("RLP length pre-computation disagreed with the writer.");
    }

    /// <summary>Decodes exactly one item spanning the whole input.</summary>
    public static RlpItem Decode(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
            throw new FormatException("RLP input is empty.");
        var item = DecodeItem(input, 0, input.Length, out var end);
        if (end != input.Length)
            throw new FormatException($"RLP input has {input.Length - end} trailing byte(s) after the item that ends at offset {end}.");
        return item;
    }

    private static int EncodedLength(RlpItem item)
    {
        switch (item)
        {
            case RlpString s when s.Bytes.Length == 1 && s.Bytes[0] < 0x80:
                return 1;
            case RlpString s:
                return HeaderLength(s.Bytes.Length) + s.Bytes.Length;
            case RlpList list:
                var payload = PayloadLength(list);
                return HeaderLength(payload) + payload;
            default:
                throw new ArgumentException($"Unknown RLP item type {item.GetType().Name}.", nameof(item));
        }
    }

    private static int PayloadLength(RlpList list)
    {
        var total = 0;
        foreach (var child in list.Items) total = checked(total + EncodedLength(child));
        return total;
    }

    private static int HeaderLength(int payloadLength) => payloadLength < ShortLimit ? 1 : 1 + LengthOfLength(payloadLength);

    private static int LengthOfLength(int length) => (32 - BitOperations.LeadingZeroCount((uint)length) + 7) / 8;

    private static int Write(RlpItem item, Span<byte> output)
    {
        switch (item)
        {
            case RlpString s when s.Bytes.Length == 1 && s.Bytes[0] < 0x80:
                output[0] = s.Bytes[0];
                return 1;
            case RlpString s:
            {
                var header = WriteHeader(0x80, s.Bytes.Length, output);
                s.Bytes.CopyTo(output[header..]);
                return header + s.Bytes.Length;
            }
            default:
            {
                var list = (RlpList)item;
                var position = WriteHeader(0xc0, PayloadLength(list), output);
                foreach (var child in list.Items) position += Write(child, output[position..]);
                return position;
            }
        }
    }

    private static int WriteHeader(byte shortBase, int payloadLength, Span<byte> output)
    {
        if (payloadLength < ShortLimit)
        {
            output[0] = (byte)(shortBase + payloadLength);
            return 1;
        }
        var lengthOfLength = LengthOfLength(payloadLength);
        output[0] = (byte)(shortBase + 55 + lengthOfLength);
        Span<byte> lengthBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(lengthBytes, (uint)payloadLength);
        lengthBytes[(4 - lengthOfLength)..].CopyTo(output[1..]);
        return 1 + lengthOfLength;
    }

    /// <summary>Decodes the item at <paramref name="offset"/>, which must end by <paramref name="limit"/> (the end of its enclosing list or the input).</summary>
    private static RlpItem DecodeItem(ReadOnlySpan<byte> input, int offset, int limit, out int end)
    {
        var prefix = input[offset];
        if (prefix < 0x80)
        {
            end = offset + 1;
            return new RlpString([prefix], offset);
        }

        var isList = prefix >= 0xc0;
        var shortBase = isList ? 0xc0 : 0x80;
        var kind = isList ? "list" : "string";
        int payloadStart, payloadLength;
        if (prefix - shortBase <= 55)
        {
            payloadStart = offset + 1;
            payloadLength = prefix - shortBase;
        }
        else
        {
            var lengthOfLength = prefix - shortBase - 55;
            if (offset + 1 + lengthOfLength > limit)
                throw new FormatException($"RLP {kind} at offset {offset} is truncated: its {lengthOfLength}-byte length field runs past the end of its {Container(limit, input)} at offset {limit}.");
            var lengthField = input.Slice(offset + 1, lengthOfLength);
            if (lengthField[0] == 0)
                throw new FormatException($"RLP {kind} at offset {offset} has a length field with a leading zero byte (non-canonical).");
            if (lengthOfLength > 4)
                throw new FormatException($"RLP {kind} at offset {offset} declares a {lengthOfLength}-byte length, larger than any input this decoder accepts.");
            var declared = 0L;
            foreach (var b in lengthField) declared = (declared << 8) | b;
            if (declared < ShortLimit)
                throw new FormatException($"RLP {kind} at offset {offset} uses the long length form for {declared} bytes; lengths under 56 must use the short form (non-canonical).");
            if (declared > int.MaxValue)
                throw new FormatException($"RLP {kind} at offset {offset} declares {declared} bytes, larger than any input this decoder accepts.");
            payloadStart = offset + 1 + lengthOfLength;
            payloadLength = (int)declared;
        }

        if ((long)payloadStart + payloadLength > limit)
            throw new FormatException($"RLP {kind} at offset {offset} is truncated: it declares {payloadLength} payload byte(s) but only {limit - payloadStart} remain in its {Container(limit, input)}.");
        end = payloadStart + payloadLength;

        if (!isList)
        {
            var payload = input.Slice(payloadStart, payloadLength);
            if (payloadLength == 1 && payload[0] < 0x80)
                throw new FormatException($"RLP string at offset {offset} encodes the single byte 0x{payload[0]:x2} with a length prefix; a byte below 0x80 must be encoded as itself (non-canonical).");
            return new RlpString(payload.ToArray(), offset);
        }

        var items = new List<RlpItem>();
        for (var position = payloadStart; position < end;)
        {
            items.Add(DecodeItem(input, position, end, out var childEnd));
            position = childEnd;
        }
        return new RlpList(items, offset);
    }

    private static string Container(int limit, ReadOnlySpan<byte> input) => limit == input.Length ? "input" : "enclosing list";
}
