using System.Numerics;

namespace ChainTrader.Core.Trades;

/// <summary>
/// A DEX quote for the trade's exact input, in on-chain units, plus the USD facts the risk engine and the ledger
/// need (prices at quote time: the oracle's for the base, the quote token's and the native coin's).
/// </summary>
public sealed record TradeQuote(
    BigInteger AmountInRaw,
    BigInteger ExpectedOutRaw,
    BigInteger MinOutRaw,
    int PriceImpactBps,
    decimal NotionalUsd,
    decimal GasCostUsd,
    decimal VenueFeeUsd,
    decimal OraclePriceUsd,
    decimal QuoteTokenUsd,
    decimal NativeUsd,
    DateTimeOffset ChainTime)
{
    public void Validate()
    {
        if (AmountInRaw <= 0) throw new ArgumentException($"Quote amount in {AmountInRaw} must be positive.", nameof(AmountInRaw));
        if (ExpectedOutRaw < 0) throw new ArgumentException($"Quote expected out {ExpectedOutRaw} is negative.", nameof(ExpectedOutRaw));
        if (MinOutRaw < 0 || MinOutRaw > ExpectedOutRaw)
            throw new ArgumentException($"Quote min out {MinOutRaw} must be between 0 and expected out {ExpectedOutRaw}.", nameof(MinOutRaw));
        if (NotionalUsd < 0 || GasCostUsd < 0 || VenueFeeUsd < 0 || OraclePriceUsd < 0 || QuoteTokenUsd < 0 || NativeUsd < 0)
            throw new ArgumentException("Quote USD amounts and prices must not be negative.");
    }
}
