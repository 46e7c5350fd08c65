using System.Numerics;

namespace ChainTrader.Core.Evm;

/// <summary>Range checks for the EVM's unsigned 256-bit words.</summary>
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
}
