using ChainTrader.Core.Evm;

namespace ChainTrader.Adapters.Transactions;

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
