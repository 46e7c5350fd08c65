using ChainTrader.Core.Evm;

namespace ChainTrader.Adapters.Transactions;

/// <summary>
/// A signed transaction ready to be stored and then broadcast. Store <see cref="RawTransaction"/> and <see cref="Hash"/>
/// first, then call <see cref="NonceManager.MarkSignedAsync"/> with <see cref="Lease"/>, then broadcast.
/// </summary>
public sealed record PreparedTransaction(RawTransaction Signed, NonceLease Lease, FeeQuote Fees, GasEstimate Gas)
{
    public byte[] RawTransaction => Signed.ToRawBytes();
    public string Hash => Signed.HashHex;
}
