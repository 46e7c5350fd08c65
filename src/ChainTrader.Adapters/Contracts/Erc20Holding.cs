using System.Numerics;
using ChainTrader.Core.Evm;

namespace ChainTrader.Adapters.Contracts;

/// <summary>What one owner holds of one token (and, if asked, has approved to one spender), read in one batch.</summary>
public sealed record Erc20Holding(Address Token, string Symbol, int Decimals, Address Owner, BigInteger Balance, Address? Spender, BigInteger? Allowance)
{
    public decimal BalanceUnits => Units.ToDecimal(Balance, Decimals);
}
