using System.Numerics;

namespace ChainTrader.Core.Evm.Abi;

/// <summary>A value cannot be ABI-encoded as the requested type (wrong CLR type, wrong length, bad address...).</summary>
public class AbiEncodingException : ArgumentException
{
    public AbiEncodingException(string message) : base(message) { }
}

/// <summary>An integer does not fit the range of its <c>uintN</c>/<c>intN</c> type.</summary>
public sealed class AbiValueOutOfRangeException : AbiEncodingException
{
    public AbiValueOutOfRangeException(string message, AbiIntegerType type, BigInteger value) : base(message)
    {
        Type = type;
        Value = value;
    }

    public AbiIntegerType Type { get; }
    public BigInteger Value { get; }
}

/// <summary>ABI data does not decode as the expected types. <see cref="Offset"/> is the byte position of the problem.</summary>
public class AbiDecodingException : FormatException
{
    public AbiDecodingException(string message, long offset) : base(message)
    {
        Offset = offset;
    }

    public long Offset { get; }
}

/// <summary>The data ends before a word, a length-prefixed payload or an array's elements that it announces.</summary>
public sealed class AbiTruncatedDataException(string message, long offset) : AbiDecodingException(message, offset);

/// <summary>An offset or length word points outside the data or does not fit in memory.</summary>
public sealed class AbiInvalidOffsetException(string message, long offset) : AbiDecodingException(message, offset);

/// <summary>
/// A word holds bits its type forbids: high bits of a narrow integer or an address, a bool other than 0/1,
/// or low bytes after a <c>bytesN</c> value. Strict decoding refuses such data rather than silently truncating it.
/// </summary>
public sealed class AbiDirtyPaddingException(string message, long offset) : AbiDecodingException(message, offset);
