using System.Globalization;
using System.Numerics;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Core.Evm;

namespace ChainTrader.Application.Operations;

/// <summary>One asset whose on-chain balance differs from the ledger's by more than the tolerance.</summary>
public sealed record BalanceMismatch(string Symbol, Address Owner, Address? Token, int Decimals, BigInteger Expected, BigInteger OnChain)
{
    public BigInteger Difference => OnChain - Expected;

    public string Describe() =>
        $"{Symbol} of {Owner}: ledger {Human(Expected)}, chain {Human(OnChain)} ({(Difference.Sign > 0 ? "+" : "")}{Human(Difference)})";

    private string Human(BigInteger amount) => Units.ToDecimal(amount, Decimals).ToString("0.############################", CultureInfo.InvariantCulture);
}
