using System.Numerics;

namespace ChainTrader.Core.Evm;

/// <summary>Range checks and minimal big-endian encoding for the EVM's unsigned 256-bit words.</summary>
public static class UInt256
{
    public static readonly BigInteger MaxValue = (BigInteger.One << 256) - 1;

    /// <summary>Returns <paramref name="value"/> when it fits in 0..2^256-1, otherwise throws naming <paramref name="name"/>.</summary>
    public static BigInteger Require(BigInteger value, string name)
    {
        if (value.Sign < 0)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must not be negative (got {value}).");
        if (value > MaxValue)
            throw new ArgumentOutOfRangeException(name, value, $"{name} does not fit in 256 bits (got {value}).");
        return value;
    }

    /// <summary>Big-endian bytes without leading zeros; zero is the empty array (RLP's canonical integer form).</summary>
    public static byte[] ToMinimalBytes(BigInteger value)
        => value.IsZero ? [] : Require(value, nameof(value)).ToByteArray(isUnsigned: true, isBigEndian: true);

    public static BigInteger FromBytes(ReadOnlySpan<byte> bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);
}
