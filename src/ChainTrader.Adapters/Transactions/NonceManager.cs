using System.Collections.Concurrent;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Evm;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Adapters.Transactions;

/// <summary>
/// Gapless nonces per signer on one chain, persisted through <see cref="INonceStore"/> so several workers share them.
/// <para>
/// Acquire hands out the lowest released nonce, else the next fresh one (the first acquire of a signer starts from
/// eth_getTransactionCount(pending)); a run of consecutive nonces starts at the lowest released or fresh one it fits. Every change is read–modify–write on the stored state with its ETag; a lost race
/// re-reads and retries, and an in-process lock per signer keeps this process's callers from racing each other.
/// </para>
/// <para>
/// Resync rules, from M = eth_getTransactionCount(latest) and P = eth_getTransactionCount(pending), read in one batch:
/// (1) entries below M are mined and forgotten, signed entries between M and P are in the node's pool and kept; (2) if P
/// is beyond the next nonce the chain is ahead (the key was used elsewhere): jump to P; (3) reservations below P that were
/// never signed were overtaken by another transaction and are reported as superseded (and forgotten); (4) reservations older than <see cref="NonceManagerOptions.AbandonAfter"/> without a signed
/// transaction were never broadcast and are released for reuse, as is any nonce at or above P that has no entry at all
/// (a gap the node forgot, e.g. a dropped transaction); (5) signed entries at or above P are unknown to the node and are
/// reported for rebroadcast of their stored bytes, never reused (those bytes may still reach a node); (6) released
/// nonces at the top are trimmed so the next fresh nonce stays just above the highest one in use.
/// </para>
/// </summary>
public sealed class NonceManager
{
    private readonly IRpcChannel _rpc;
    private readonly INonceStore _store;
    private readonly TimeProvider _time;
    private readonly NonceManagerOptions _options;
    private readonly ILogger<NonceManager> _logger;
    private readonly ConcurrentDictionary<Address, SemaphoreSlim> _locks = new();

    public NonceManager(ulong chainId, IRpcChannel rpc, INonceStore store, TimeProvider time, IOptions<NonceManagerOptions> options, ILogger<NonceManager> logger)
    {
        ChainId = chainId;
        _rpc = rpc ?? throw new ArgumentNullException(nameof(rpc));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        ArgumentNullException.ThrowIfNull(options);
        _options = new NonceManagerOptionsValidator().ThrowIfInvalid(options.Value);
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public ulong ChainId { get; }

    public async Task<NonceLease> AcquireAsync(Address signer, CancellationToken cancellationToken = default) =>
        (await AcquireRunAsync(signer, 1, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>
    /// Reserves <paramref name="count"/> consecutive nonces in one change: the lowest run of released or fresh ones
    /// (<see cref="NonceState.FirstFreeRun"/>). Callers that need nothing of theirs between two transactions (an approval
    /// and the swap spending it) take them as one run.
    /// </summary>
    public Task<IReadOnlyList<NonceLease>> AcquireRunAsync(Address signer, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return UpdateAsync(signer, "acquire", async (state, ct) =>
        {
            state ??= new NonceState(await _rpc.GetTransactionCountAsync(signer.ToLowerHex(), BlockParameter.CreatePending(), ct).ConfigureAwait(false), []);
            var now = _time.GetUtcNow();
            var start = state.FirstFreeRun(count);
            var run = Enumerable.Range(0, count).Select(i => start + (ulong)i).ToList();
            var outstanding = state.Outstanding.Where(e => !run.Contains(e.Nonce))
                .Concat(run.Select(n => new NonceEntry(n, NonceEntryStatus.Reserved, now, null))).OrderBy(e => e.Nonce).ToList();
            var leases = run.Select(n => new NonceLease(ChainId, signer, n)).ToList();
            return (new NonceState(Math.Max(state.NextNonce, start + (ulong)count), outstanding), (IReadOnlyList<NonceLease>)leases);
        }, cancellationToken);
    }

    /// <summary>
    /// Reserves the released nonce of <paramref name="lease"/> again for a caller that must send something with exactly it
    /// (a hole below nonces in use); false when it is not released (taken meanwhile, mined or forgotten).
    /// </summary>
    public Task<bool> ReclaimAsync(NonceLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return UpdateAsync(RequireOwn(lease), "reclaim", (state, _) =>
        {
            if (state is null) throw new InvalidOperationException($"No nonce of {lease.Signer} on chain {lease.ChainId} was ever handed out; cannot reclaim {lease.Nonce}.");
            var entry = state.Outstanding.FirstOrDefault(e => e.Nonce == lease.Nonce);
            if (entry is not { Status: NonceEntryStatus.Released }) return Task.FromResult((state, false));
            var reserved = entry with { Status = NonceEntryStatus.Reserved, ReservedAt = _time.GetUtcNow() };
            return Task.FromResult((state with { Outstanding = Replace(state.Outstanding, reserved) }, true));
        }, cancellationToken);
    }

    /// <summary>Records that a signed transaction with this nonce is stored. Idempotent for the same hash; a replacement (fee bump) records its new hash.</summary>
    public Task MarkSignedAsync(NonceLease lease, string transactionHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentException.ThrowIfNullOrWhiteSpace(transactionHash);
        return UpdateAsync(RequireOwn(lease), "mark signed", (state, _) =>
        {
            var entry = Find(state, lease, "mark it signed");
            if (entry.Status == NonceEntryStatus.Released)
                throw new InvalidOperationException($"Nonce {lease.Nonce} of {lease.Signer} was released (handed back or abandoned); sign again with a new lease.");
            return Task.FromResult((state! with { Outstanding = Replace(state!.Outstanding, entry with { Status = NonceEntryStatus.Signed, TransactionHash = transactionHash }) }, true));
        }, cancellationToken);
    }

    /// <summary>Hands back a nonce that will not be signed (the trade was cancelled before signing); the next acquire reuses it.</summary>
    public Task ReleaseAsync(NonceLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return UpdateAsync(RequireOwn(lease), "release", (state, _) =>
        {
            var entry = Find(state, lease, "release it");
            if (entry.Status == NonceEntryStatus.Signed)
                throw new InvalidOperationException(
                    $"Nonce {lease.Nonce} of {lease.Signer} has signed transaction {entry.TransactionHash}; a signed nonce is never handed back (its bytes may still be broadcast).");
            var outstanding = Replace(state!.Outstanding, entry with { Status = NonceEntryStatus.Released, TransactionHash = null });
            return Task.FromResult((Trim(state with { Outstanding = outstanding }), true));
        }, cancellationToken);
    }

    /// <summary>Reconciles the stored state with the chain; see the class remarks for the rules.</summary>
    public Task<NonceResync> ResyncAsync(Address signer, CancellationToken cancellationToken = default) =>
        UpdateAsync(signer, "resync", async (state, ct) =>
        {
            var batch = _rpc.CreateBatch();
            var minedItem = batch.Add(Eth.GetTransactionCount(signer.ToLowerHex(), BlockParameter.CreateLatest()));
            var pendingItem = batch.Add(Eth.GetTransactionCount(signer.ToLowerHex(), BlockParameter.CreatePending()));
            await batch.SendAsync(ct).ConfigureAwait(false);
            var mined = minedItem.Result;
            var pending = Math.Max(pendingItem.Result, mined);
            state ??= new NonceState(pending, []);

            var now = _time.GetUtcNow();
            ulong? jumpedFrom = pending > state.NextNonce ? state.NextNonce : null;
            var next = Math.Max(state.NextNonce, pending);
            var reclaimed = new List<ulong>();
            var awaiting = new List<NonceEntry>();
            var superseded = new List<ulong>();
            var kept = new SortedDictionary<ulong, NonceEntry>();
            foreach (var entry in state.Outstanding)
            {
                if (entry.Nonce < pending)
                {
                    if (entry.Status == NonceEntryStatus.Reserved) superseded.Add(entry.Nonce);
                    else if (entry.Status == NonceEntryStatus.Signed && entry.Nonce >= mined) kept[entry.Nonce] = entry; // in the node's pool: the lifecycle watches it
                    continue;
                }
                if (entry.Status == NonceEntryStatus.Reserved && now - entry.ReservedAt >= _options.AbandonAfter)
                {
                    reclaimed.Add(entry.Nonce);
                    kept[entry.Nonce] = entry with { Status = NonceEntryStatus.Released };
                    continue;
                }
                if (entry.Status == NonceEntryStatus.Signed) awaiting.Add(entry);
                kept[entry.Nonce] = entry;
            }
            for (var nonce = pending; nonce < next; nonce++)
            {
                if (kept.ContainsKey(nonce)) continue;
                reclaimed.Add(nonce);
                kept[nonce] = new NonceEntry(nonce, NonceEntryStatus.Released, now, null);
            }
            var resynced = Trim(new NonceState(next, kept.Values.ToList()));
            reclaimed.Sort();
            var result = new NonceResync(mined, pending, resynced.NextNonce, jumpedFrom, reclaimed, awaiting, superseded, resynced);
            if (jumpedFrom is not null || reclaimed.Count > 0 || awaiting.Count > 0 || superseded.Count > 0)
            {
                _logger.LogWarning("Nonce resync of {Signer} on chain {ChainId}: mined {Mined}, pending {Pending}, next {Next} (jumped from {JumpedFrom}); " +
                    "reclaimed [{Reclaimed}], awaiting broadcast [{Awaiting}], superseded [{Superseded}]",
                    signer, ChainId, mined, pending, resynced.NextNonce, jumpedFrom, string.Join(",", reclaimed),
                    string.Join(",", awaiting.Select(e => e.Nonce)), string.Join(",", superseded));
            }
            return (resynced, result);
        }, cancellationToken);

    private async Task<T> UpdateAsync<T>(Address signer, string operation, Func<NonceState?, CancellationToken, Task<(NonceState State, T Result)>> change,
        CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(signer, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var stored = await _store.GetAsync(ChainId, signer, cancellationToken).ConfigureAwait(false);
                var (state, result) = await change(stored?.State, cancellationToken).ConfigureAwait(false);
                // Nothing changed (a resync that found the chain as stored, a repeated mark): the stored state already says
                // this, and a write would only cost a request and move the ETag under other workers.
                if (stored is not null && Same(stored.State, state)) return result;
                try
                {
                    await _store.SaveAsync(ChainId, signer, state, stored?.ETag, cancellationToken).ConfigureAwait(false);
                    return result;
                }
                catch (NonceStoreConflictException) when (attempt < _options.MaxConflictRetries)
                {
                    // Another worker wrote first: its change is in the store now, so decide again from there.
                    _logger.LogDebug("Nonce {Operation} for {Signer} on chain {ChainId} lost an ETag race (attempt {Attempt}); re-reading",
                        operation, signer, ChainId, attempt);
                    // A short real-time jitter spreads racing workers apart; it is back-off, not a time the state depends on.
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * Math.Min(attempt, 10))), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private Address RequireOwn(NonceLease lease) =>
        lease.ChainId == ChainId ? lease.Signer : throw new ArgumentException($"The lease is for chain {lease.ChainId}, this manager serves chain {ChainId}.", nameof(lease));

    private static NonceEntry Find(NonceState? state, NonceLease lease, string action) =>
        state?.Outstanding.FirstOrDefault(e => e.Nonce == lease.Nonce)
        ?? throw new InvalidOperationException($"Nonce {lease.Nonce} of {lease.Signer} on chain {lease.ChainId} is not outstanding (already mined or never handed out); cannot {action}.");

    private static bool Same(NonceState a, NonceState b) => a.NextNonce == b.NextNonce && a.Outstanding.SequenceEqual(b.Outstanding);

    private static IReadOnlyList<NonceEntry> Replace(IReadOnlyList<NonceEntry> entries, NonceEntry changed) =>
        entries.Select(e => e.Nonce == changed.Nonce ? changed : e).ToList();

    /// <summary>Released nonces at the very top are simply not handed out yet: lower the next nonce instead of keeping them.</summary>
    private static NonceState Trim(NonceState state)
    {
        var byNonce = state.Outstanding.ToDictionary(e => e.Nonce);
        var next = state.NextNonce;
        while (next > 0 && byNonce.TryGetValue(next - 1, out var top) && top.Status == NonceEntryStatus.Released)
        {
            byNonce.Remove(next - 1);
            next--;
        }
        return new NonceState(next, byNonce.Values.OrderBy(e => e.Nonce).ToList());
    }
}
