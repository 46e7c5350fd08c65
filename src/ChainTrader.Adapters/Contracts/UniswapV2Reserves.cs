using System.Numerics;
using ChainTrader.Core.Evm;

namespace ChainTrader.Adapters.Contracts;

/// <summary>A pair's tokens and reserves (<c>token0</c> is always the lower address in Uniswap V2).</summary>
public sealed record UniswapV2Reserves(Address Pair, Address Token0, Address Token1, BigInteger Reserve0, BigInteger Reserve1, uint BlockTimestampLast)
{
    public BigInteger ReserveOf(Address token) =>
        token == Token0 ? Reserve0 : token == Token1 ? Reserve1 : throw new ArgumentException($"Token {token} is not in pair {Pair} ({Token0}/{Token1}).", nameof(token));
}
