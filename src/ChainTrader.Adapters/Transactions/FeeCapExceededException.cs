using System.Numerics;

namespace ChainTrader.Adapters.Transactions;

/// <summary>The fee a quote asks for is above the configured cap; the transaction should wait rather than overpay.</summary>
public sealed class FeeCapExceededException(FeeQuote quote, BigInteger cap)
    : Exception($"Fees are above the cap of {cap} wei per gas: {quote}.")
{
    public FeeQuote Quote { get; } = quote;
    public BigInteger Cap { get; } = cap;
}
