using System.Numerics;
using ChainTrader.Core.Evm;

namespace ChainTrader.Application.Operations;

/// <summary>
/// What the ledger says one wallet holds of one asset on one chain, in the asset's smallest unit.
/// <paramref name="Token"/> null means the chain's native coin. <paramref name="AtBlock"/> is the block the amount is
/// stated for (the chain is read there); null means the chain's head when it is read.
/// </summary>
public sealed record ExpectedBalance(string Chain, Address Owner, Address? Token, string Symbol, int Decimals, BigInteger Amount, ulong? AtBlock = null);
