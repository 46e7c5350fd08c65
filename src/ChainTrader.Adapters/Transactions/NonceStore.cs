using ChainTrader.Core.Evm;

namespace ChainTrader.Adapters.Transactions;

public enum NonceEntryStatus
{
    /// <summary>Handed out; no signed transaction recorded for it yet.</summary>
    Reserved,

    /// <summary>A signed transaction with this nonce exists (stored by the lifecycle); the nonce is spent from our side.</summary>
    Signed,

    /// <summary>Handed back or abandoned: the next reservation takes it, so no gap is left.</summary>
    Released,
}

/// <summary>One nonce the manager handed out that the chain has not mined yet.</summary>
public sealed record NonceEntry(ulong Nonce, NonceEntryStatus Status, DateTimeOffset ReservedAt, string? TransactionHash);

/// <summary>A signer's nonce bookkeeping on one chain: the next fresh nonce and the handed-out nonces not yet mined.</summary>
public sealed record NonceState(ulong NextNonce, IReadOnlyList<NonceEntry> Outstanding);

/// <summary>A stored state and the ETag to write it back with.</summary>
public sealed record StoredNonceState(NonceState State, string ETag);

/// <summary>Someone else wrote the nonce state since it was read (ETag mismatch), or created it first.</summary>
public sealed class NonceStoreConflictException(ulong chainId, Address signer, Exception? inner = null)
    : Exception($"The nonce state of {signer} on chain {chainId} was changed by another writer.", inner);

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

/// <summary>An <see cref="INonceStore"/> in process memory, with the same ETag semantics; for tests and single-process tools.</summary>
public sealed class InMemoryNonceStore : INonceStore
{
    private readonly Dictionary<(ulong, Address), StoredNonceState> _states = [];
    private readonly Lock _lock = new();
    private long _version;

    public Task<StoredNonceState?> GetAsync(ulong chainId, Address signer, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(_states.GetValueOrDefault((chainId, signer)));
    }

    public Task<string> SaveAsync(ulong chainId, Address signer, NonceState state, string? etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (_lock)
        {
            var exists = _states.TryGetValue((chainId, signer), out var current);
            if (etag is null ? exists : !exists || current!.ETag != etag)
                throw new NonceStoreConflictException(chainId, signer);
            var newETag = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _states[(chainId, signer)] = new StoredNonceState(state with { Outstanding = state.Outstanding.ToArray() }, newETag);
            return Task.FromResult(newETag);
        }
    }
}
