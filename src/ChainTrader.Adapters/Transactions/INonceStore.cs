using ChainTrader.Core.Evm;

namespace ChainTrader.Adapters.Transactions;

/// <summary>
/// Persists nonce state per (chain, signer) with optimistic concurrency: every write names the ETag it read and fails
/// with <see cref="NonceStoreConflictException"/> if the stored state moved on. The manager then re-reads and decides again.
/// </summary>
public interface INonceStore
{
    Task<StoredNonceState?> GetAsync(ulong chainId, Address signer, CancellationToken cancellationToken = default);

    /// <summary>Writes <paramref name="state"/>: creates it when <paramref name="etag"/> is null, else replaces it only while the ETag matches. Returns the new ETag.</summary>
    Task<string> SaveAsync(ulong chainId, Address signer, NonceState state, string? etag, CancellationToken cancellationToken = default);
}
