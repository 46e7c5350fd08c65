using System.Globalization;
using System.Numerics;
using Azure.Data.Tables;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Storage;
using ChainTrader.Adapters.Transactions;
using ChainTrader.Core;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Storage;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Application.Trades;

/// <summary>
/// One signed transaction per signing key, in the <c>Nonces</c> table next to the signer's nonce row (partition = chain
/// id, row <c>signing-{key}</c>). The row is created before a nonce is reserved and records the nonce before anything is
/// signed, so a crash at any point leaves either nothing, a known reservation (signed again with the same nonce), or the
/// stored signed bytes (returned as they are): the same key always yields the same nonce and, once stored, the same
/// bytes. A reservation orphaned by a crash between reserving and recording is released when its key is retried.
/// </summary>
public sealed class SigningStore(AppTables tables, TradeChain chain, ITradeFaultInjector faults, TimeProvider clock, ILogger<SigningStore> logger)
{
    /// <summary>A reservation no signing row claims is taken as orphaned (its worker died) after this long.</summary>
    public static readonly TimeSpan OrphanAge = TimeSpan.FromSeconds(10);

    private const string Reserving = "reserving", Signed = "signed", Abandoned = "abandoned";

    public async Task<SignedSwapTransaction?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var row = await (await TableAsync(cancellationToken)).GetAsync(Partition, RowKey(key), cancellationToken: cancellationToken);
        return row is not null && row.GetString("Status") == Signed ? SignedOf(row) : null;
    }

    /// <summary>The stored transaction of <paramref name="request"/>'s key, signing and storing it first if there is none.</summary>
    public async Task<SignedSwapTransaction> GetOrSignAsync(SigningRequest request, CancellationToken cancellationToken) =>
        (await GetOrSignRunAsync([request], cancellationToken))[0];

    /// <summary>
    /// The stored transactions of <paramref name="requests"/>' keys, in order, signing and storing each that has none.
    /// Several keys take one run of consecutive fresh nonces, reserved in one change and recorded on all their rows in one
    /// batch: a crash leaves no nonce recorded (the run is an orphan, released like any) or the whole run, so a retry signs
    /// what is missing with exactly the nonces the first attempt reserved.
    /// </summary>
    public async Task<IReadOnlyList<SignedSwapTransaction>> GetOrSignRunAsync(IReadOnlyList<SigningRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0) throw new ArgumentException("Nothing to sign.", nameof(requests));
        if (requests.Count > 1 && requests.Any(r => r.Nonce is not null || r.ForSimulation))
            throw new ArgumentException("Only keys that take fresh nonces to broadcast are signed as a run.", nameof(requests));
        var table = await TableAsync(cancellationToken);
        var rows = await RowsAsync(requests, cancellationToken);
        if (rows.All(r => r?.GetString("Status") == Signed)) return rows.Select(r => SignedOf(r!)).ToList();
        ThrowIfAbandoned(rows);
        var retried = rows.Any(r => r is not null);
        foreach (var (request, row) in requests.Zip(rows))
        {
            if (row is null)
                await table.TryInsertAsync(new TableRow(Partition, RowKey(request.Key)).Set("Status", Reserving).Set("CreatedAt", clock.GetUtcNow()), cancellationToken);
        }
        var current = await ExistingRowsAsync(requests, cancellationToken);

        if (!current.Any(r => r.Contains("Nonce")))
        {
            faults.Check(TradeFaultPoints.BeforeNonce, requests[0].Key);
            current = await ReserveAsync(requests, current, retried, cancellationToken);
        }
        else if (!current.All(r => r.Contains("Nonce")))
        {
            throw new InvalidOperationException($"Signings {string.Join(", ", requests.Select(r => r.Key))} record only part of their run of nonces.");
        }

        var signed = new List<SignedSwapTransaction>();
        foreach (var (request, row) in requests.Zip(current))
            signed.Add(row.GetString("Status") == Signed ? SignedOf(row) : await SignAndStoreAsync(table, request, row, cancellationToken));
        return signed;
    }

    private async Task<SignedSwapTransaction> SignAndStoreAsync(EntityTable table, SigningRequest request, TableRow row, CancellationToken cancellationToken)
    {
        var nonce = (ulong)row.GetInt64("Nonce");
        faults.Check(TradeFaultPoints.BeforeSign, request.Key);
        var fees = await chain.Fees.EstimateAsync(cancellationToken);
        if (request.MinFees is { } min && fees.IsEip1559)
        {
            var tip = BigInteger.Max(fees.MaxPriorityFeePerGas!.Value, min.MaxPriorityFeePerGas);
            fees = FeeQuote.Eip1559(BigInteger.Max(fees.MaxFeePerGas!.Value, min.MaxFeePerGas), tip, fees.BaseFeePerGas);
        }
        else if (request.MinFees is { } legacyMin)
        {
            fees = FeeQuote.Legacy(BigInteger.Max(fees.GasPrice!.Value, legacyMin.MaxFeePerGas));
        }
        var signed = chain.Signer.Sign(TransactionSender.Build(chain.ChainId, request.Call, nonce, request.GasLimit, fees));
        var raw = Hex.Encode(signed.ToRawBytes());
        var txFees = fees.IsEip1559 ? new TxFees(fees.MaxFeePerGas!.Value, fees.MaxPriorityFeePerGas!.Value) : new TxFees(fees.GasPrice!.Value, fees.GasPrice.Value);
        var stored = new TableRow(Partition, row.RowKey)
            .Set("Status", Signed)
            .Set("Nonce", (long)nonce)
            .Set("Hash", signed.HashHex)
            .Set("Raw", raw)
            .SetBigInteger("MaxFeePerGas", txFees.MaxFeePerGas)
            .SetBigInteger("MaxPriorityFeePerGas", txFees.MaxPriorityFeePerGas)
            .Set("ForSimulation", request.ForSimulation)
            .Set("SignedAt", clock.GetUtcNow());
        try
        {
            await table.UpdateAsync(stored, row.ETag!, TableUpdateMode.Replace, cancellationToken);
        }
        catch (TableConcurrencyException)
        {
            // Another worker stored its signature of the same key first: that one is the key's transaction (ours was never sent).
            var winner = await table.GetAsync(Partition, row.RowKey, cancellationToken: cancellationToken);
            if (winner is not null && winner.GetString("Status") == Signed) return SignedOf(winner);
            throw;
        }
        logger.LogInformation("Signed {Key}: {Hash} with nonce {Nonce} ({Purpose})", request.Key, signed.HashHex, nonce,
            request.ForSimulation ? "simulation only" : "to broadcast");
        faults.Check(TradeFaultPoints.AfterSignedStored, request.Key);
        return new SignedSwapTransaction((long)nonce, signed.HashHex, raw, txFees);
    }

    /// <summary>
    /// Marks the key abandoned so it is never signed, and hands its reserved nonce back when nothing was signed with it
    /// yet (a signed but never recorded transaction was never broadcast; its nonce is reconciled with the chain).
    /// </summary>
    public async Task AbandonAsync(string key, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var row = await table.GetAsync(Partition, RowKey(key), cancellationToken: cancellationToken);
        if (row is null)
        {
            await table.TryInsertAsync(new TableRow(Partition, RowKey(key)).Set("Status", Abandoned), cancellationToken);
            return;
        }
        if (row.GetString("Status") == Abandoned) return;
        try
        {
            await table.UpdateAsync(new TableRow(Partition, RowKey(key)).Set("Status", Abandoned), row.ETag!, TableUpdateMode.Merge, cancellationToken);
        }
        catch (TableConcurrencyException)
        {
            await AbandonAsync(key, cancellationToken);
            return;
        }
        // A row reserved but not signed yet has no ForSimulation: only a simulation's signed row says so.
        if (row.Contains("Nonce") && !(row.Contains("ForSimulation") && row.GetBoolean("ForSimulation")))
            await ReleaseQuietlyAsync((ulong)row.GetInt64("Nonce"), cancellationToken);
    }

    /// <summary>Records a signed nonce as signed with the nonce manager (idempotent); a forgotten (mined) nonce is fine.</summary>
    public async Task MarkSignedAsync(long nonce, string hash, CancellationToken cancellationToken)
    {
        var nonces = await chain.NoncesAsync();
        try
        {
            await nonces.MarkSignedAsync(new NonceLease(chain.ChainId, chain.Wallet, (ulong)nonce), hash, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            logger.LogDebug("Nonce {Nonce} of {Hash} not marked signed: {Reason}", nonce, hash, ex.Message);
        }
    }

    /// <summary>
    /// Chooses the rows' nonces (given, the pending count for a simulation, or a fresh run) and records them in one batch.
    /// The rows as stored afterwards: with this attempt's nonces, or with those another worker recorded first (ours are
    /// then handed back).
    /// </summary>
    private async Task<IReadOnlyList<TableRow>> ReserveAsync(IReadOnlyList<SigningRequest> requests, IReadOnlyList<TableRow> rows, bool retried,
        CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var first = requests[0];
        IReadOnlyList<ulong> nonces;
        var reserved = false;
        if (first.Nonce is { } given)
        {
            nonces = [(ulong)given]; // a replacement reuses its trade's nonce, already signed for
        }
        else if (first.ForSimulation)
        {
            nonces = [await chain.Pool.GetTransactionCountAsync(chain.Wallet.ToLowerHex(), BlockParameter.CreatePending(), cancellationToken)];
        }
        else
        {
            if (retried && await ReleaseOrphansAsync(cancellationToken))
                throw new SigningDeferredException($"Signing {first.Key} waits: a reservation younger than {OrphanAge.TotalSeconds:0} s is unclaimed, and it may be this key's own from a worker that died.");
            var leases = await (await chain.NoncesAsync()).AcquireRunAsync(chain.Wallet, requests.Count, cancellationToken);
            nonces = leases.Select(l => l.Nonce).ToList();
            reserved = true;
            faults.Check(TradeFaultPoints.AfterNonceReserved, first.Key);
        }
        var at = clock.GetUtcNow();
        try
        {
            await table.SubmitBatchAsync(rows.Select((row, i) => TableBatchAction.UpdateMerge(
                new TableRow(Partition, row.RowKey).Set("Nonce", (long)nonces[i]).Set("ReservedAt", at), row.ETag!)).ToList(), cancellationToken);
        }
        catch (TableBatchFailedException ex)
        {
            // A row changed since it was read: another worker recorded its nonces first (or an earlier, ambiguous attempt of
            // this batch did); the rows as stored now decide.
            logger.LogDebug("Recording nonces for {Key} lost a race: {Reason}", first.Key, ex.Message);
        }
        var recorded = await ExistingRowsAsync(requests, cancellationToken);
        var ours = recorded.Select((row, i) => row.Contains("Nonce") && (ulong)row.GetInt64("Nonce") == nonces[i]).ToList();
        if (reserved && !ours.All(o => o))
        {
            foreach (var nonce in nonces.Reverse()) await ReleaseQuietlyAsync(nonce, cancellationToken);
        }
        ThrowIfAbandoned(recorded);
        return recorded.All(r => r.Contains("Nonce")) ? recorded : await ReserveAsync(requests, recorded, retried: true, cancellationToken);
    }

    /// <summary>Each request's signing row, or null where there is none yet.</summary>
    private async Task<IReadOnlyList<TableRow?>> RowsAsync(IReadOnlyList<SigningRequest> requests, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var rows = new List<TableRow?>();
        foreach (var request in requests)
        {
            rows.Add(await table.GetAsync(Partition, RowKey(request.Key), cancellationToken: cancellationToken));
        }
        return rows;
    }

    private static void ThrowIfAbandoned(IEnumerable<TableRow?> rows)
    {
        if (rows.FirstOrDefault(r => r?.GetString("Status") == Abandoned) is { } abandoned)
            throw new InvalidOperationException($"Signing {abandoned.RowKey["signing-".Length..]} was abandoned; its trade ended before the transaction was recorded.");
    }

    private async Task<IReadOnlyList<TableRow>> ExistingRowsAsync(IReadOnlyList<SigningRequest> requests, CancellationToken cancellationToken) =>
        (await RowsAsync(requests, cancellationToken)).Select((row, i) => row ?? throw new InvalidOperationException($"Signing row {requests[i].Key} vanished.")).ToList();

    /// <summary>
    /// Releases reservations that no signing row claims and that are older than <see cref="OrphanAge"/>; true when younger
    /// unclaimed ones remain (a retried key must not reserve past them: if one is its own, the next nonce would leave a gap).
    /// </summary>
    private async Task<bool> ReleaseOrphansAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var nonceTable = new TableNonceStore(table);
        var state = await nonceTable.GetAsync(chain.ChainId, chain.Wallet, cancellationToken);
        if (state is null) return false;
        var claimed = (await ClaimsAsync(cancellationToken)).Where(c => !c.Abandoned).Select(c => c.Nonce).ToHashSet();
        var now = clock.GetUtcNow();
        var unclaimed = state.State.Outstanding.Where(e => e.Status == NonceEntryStatus.Reserved && !claimed.Contains(e.Nonce)).ToList();
        // From the top down, so a run of orphans is trimmed away instead of leaving a hole below its upper nonces.
        foreach (var entry in unclaimed.Where(e => now - e.ReservedAt >= OrphanAge).OrderByDescending(e => e.Nonce))
        {
            logger.LogWarning("Nonce {Nonce} was reserved {Age} ago but no signing claims it (a worker died before recording it); releasing it", entry.Nonce, now - entry.ReservedAt);
            await ReleaseQuietlyAsync(entry.Nonce, cancellationToken);
        }
        return unclaimed.Any(e => now - e.ReservedAt < OrphanAge);
    }

    /// <summary>Every signing row of this chain that has recorded a nonce.</summary>
    public async Task<IReadOnlyList<SigningClaim>> ClaimsAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var claims = new List<SigningClaim>();
        await foreach (var row in table.QueryAsync(TableFilter.PartitionKeyEquals(Partition).And(TableFilter.StartsWith("RowKey", "signing-")),
                           ["RowKey", "Nonce", "Status", "Hash"], cancellationToken: cancellationToken))
        {
            if (!row.Contains("Nonce")) continue;
            var status = row.GetString("Status");
            claims.Add(new SigningClaim(row.RowKey["signing-".Length..], (ulong)row.GetInt64("Nonce"), status == Signed, status == Abandoned,
                row.Contains("Hash") ? row.GetString("Hash") : null));
        }
        return claims;
    }

    private async Task ReleaseQuietlyAsync(ulong nonce, CancellationToken cancellationToken)
    {
        try
        {
            await (await chain.NoncesAsync()).ReleaseAsync(new NonceLease(chain.ChainId, chain.Wallet, nonce), cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            logger.LogInformation("Nonce {Nonce} not released: {Reason}", nonce, ex.Message);
        }
    }

    private static SignedSwapTransaction SignedOf(TableRow row) => new(
        row.GetInt64("Nonce"), row.GetString("Hash"), row.GetString("Raw"),
        new TxFees(row.GetBigInteger("MaxFeePerGas"), row.GetBigInteger("MaxPriorityFeePerGas")));

    private string Partition => chain.ChainId.ToString(CultureInfo.InvariantCulture);

    private static string RowKey(string key) => "signing-" + key;

    private Task<EntityTable> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(TableNonceStore.DefaultTableName, cancellationToken);
}
