using ChainTrader.Core.Evm;
using ChainTrader.Core.Trades;

namespace ChainTrader.Application.Trades;

/// <summary>
/// One tradable ERC-20: <see cref="Symbol"/> is the canonical asset (ETH for WETH) that keys oracle prices and ledger
/// positions; <see cref="TokenSymbol"/> is what the contract calls itself.
/// </summary>
public sealed record TradingToken(string Symbol, string TokenSymbol, Address Address, int Decimals)
{
    public TokenLeg Leg => new(Symbol, Address.ToString(), Decimals);
}
