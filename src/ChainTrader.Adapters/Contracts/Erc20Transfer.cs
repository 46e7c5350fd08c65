using System.Numerics;
using ChainTrader.Core.Evm;

namespace ChainTrader.Adapters.Contracts;

/// <summary>An ERC-20 <c>Transfer</c> log.</summary>
public sealed record Erc20Transfer(Address Token, Address From, Address To, BigInteger Value, ulong LogIndex);
