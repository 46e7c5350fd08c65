using System.Globalization;
using System.Numerics;
using Azure.Data.Tables;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Storage;
using ChainTrader.Adapters.Transactions;
using ChainTrader.Core;
using ChainTrader.Core.Trades;
using ChainTrader.Functions.Storage;

namespace ChainTrader.Functions.Trades;

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
    public async Task<SignedSwapTransaction> GetOrSignAsync(SigningRequest request, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var rowKey = RowKey(request.Key);
        var row = await table.GetAsync(Partition, rowKey, cancellationToken: cancellationToken);
        if (row is not null && row.GetString("Status") == Signed) return SignedOf(row);
        if (row is not null && row.GetString("Status") == Abandoned)
            throw new InvalidOperationException($"Signing {request.Key} was abandoned; its trade ended before the transaction was recorded.");

        var retried = row is not null;
        if (row is null)
        {
            await table.TryInsertAsync(new TableRow(Partition, rowKey).Set("Status", Reserving).Set("CreatedAt", clock.GetUtcNow()), cancellationToken);
            row = await table.GetAsync(Partition, rowKey, cancellationToken: cancellationToken)
                  ?? throw new InvalidOperationException($"Signing row {request.Key} vanished right after it was written.");
        }

        var nonce = row.Contains("Nonce") ? (ulong)row.GetInt64("Nonce") : (ulong?)null;
        if (nonce is null)
        {
            faults.Check(TradeFaultPoints.BeforeNonce, request.Key);
            (nonce, row) = await ReserveAsync(request, row, retried, cancellationToken);
        }
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
        var signed = chain.Signer.Sign(TransactionSender.Build(chain.ChainId, request.Call, nonce.Value, request.GasLimit, fees));
        var raw = Hex.Encode(signed.ToRawBytes());
        var txFees = fees.IsEip1559 ? new TxFees(fees.MaxFeePerGas!.Value, fees.MaxPriorityFeePerGas!.Value) : new TxFees(fees.GasPrice!.Value, fees.GasPrice.Value);
        var stored = new TableRow(Partition, rowKey)
            .Set("Status", Signed)
            .Set("Nonce", (long)nonce.Value)
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
            var winner = await table.GetAsync(Partition, rowKey, cancellationToken: cancellationToken);
            if (winner is not null && winner.GetString("Status") == Signed) return SignedOf(winner);
            throw;
        }
        logger.LogInformation("Signed {Key}: {Hash} with nonce {Nonce} ({Purpose})", request.Key, signed.HashHex, nonce,
            request.ForSimulation ? "simulation only" : "to broadcast");
        faults.Check(TradeFaultPoints.AfterSignedStored, request.Key);
        return new SignedSwapTransaction((long)nonce.Value, signed.HashHex, raw, txFees);
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
        if (row.Contains("Nonce") && !row.GetBoolean("ForSimulation"))
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

    private async Task<(ulong Nonce, TableRow Row)> ReserveAsync(SigningRequest request, TableRow row, bool retried, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        ulong nonce;
        var reserved = false;
        if (request.Nonce is { } given)
        {
            nonce = (ulong)given; // a replacement reuses its trade's nonce, already signed for
        }
        else if (request.ForSimulation)
        {
            nonce = await chain.Pool.GetTransactionCountAsync(chain.Wallet.ToLowerHex(), BlockTag.Pending, cancellationToken);
        }
        else
        {
            if (retried && await ReleaseOrphansAsync(cancellationToken))
                throw new SigningDeferredException($"Signing {request.Key} waits: a reservation younger than {OrphanAge.TotalSeconds:0} s is unclaimed, and it may be this key's own from a worker that died.");
            var lease = await (await chain.NoncesAsync()).AcquireAsync(chain.Wallet, cancellationToken);
            nonce = lease.Nonce;
            reserved = true;
            faults.Check(TradeFaultPoints.AfterNonceReserved, request.Key);
        }
        try
        {
            var etag = await table.UpdateAsync(new TableRow(Partition, row.RowKey).Set("Nonce", (long)nonce).Set("ReservedAt", clock.GetUtcNow()),
                row.ETag!, TableUpdateMode.Merge, cancellationToken);
            var updated = await table.GetAsync(Partition, row.RowKey, cancellationToken: cancellationToken) ?? throw new InvalidOperationException($"Signing row {request.Key} vanished.");
            return updated.ETag == etag ? (nonce, updated) : await ReserveAgainAsync(request, cancellationToken);
        }
        catch (TableConcurrencyException)
        {
            // Another worker recorded a nonce for this key first: give ours back and use theirs.
            if (reserved) await ReleaseQuietlyAsync(nonce, cancellationToken);
            return await ReserveAgainAsync(request, cancellationToken);
        }
    }

    private async Task<(ulong, TableRow)> ReserveAgainAsync(SigningRequest request, CancellationToken cancellationToken)
    {
        var row = await (await TableAsync(cancellationToken)).GetAsync(Partition, RowKey(request.Key), cancellationToken: cancellationToken)
                  ?? throw new InvalidOperationException($"Signing row {request.Key} vanished.");
        return row.Contains("Nonce") ? ((ulong)row.GetInt64("Nonce"), row) : await ReserveAsync(request, row, retried: true, cancellationToken);
    }

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
        foreach (var entry in unclaimed.Where(e => now - e.ReservedAt >= OrphanAge))
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
