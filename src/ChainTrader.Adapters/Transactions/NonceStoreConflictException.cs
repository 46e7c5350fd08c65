using ChainTrader.Core.Evm;

namespace ChainTrader.Adapters.Transactions;

/// <summary>Someone else wrote the nonce state since it was read (ETag mismatch), or created it first.</summary>
public sealed class NonceStoreConflictException(ulong chainId, Address signer, Exception? inner = null)
    : Exception($"The nonce state of {signer} on chain {chainId} was changed by another writer.", inner);
