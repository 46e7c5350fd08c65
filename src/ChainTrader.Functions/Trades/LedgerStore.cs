using System.Net;
using System.Text.Json;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Trades;
using ChainTrader.Functions.Storage;
using Microsoft.Extensions.Options;

namespace ChainTrader.Functions.Trades;

/// <summary>
/// The desk's ledger in the <c>Ledger</c> table, partition <c>desk</c>: row <c>book</c> is the <see cref="LedgerState"/>
/// (ETag-guarded), rows <c>fill-{tradeId}</c> are the settled fills. A settlement inserts the fill row and replaces the
/// book in one entity-group transaction, so a fill is applied exactly once (the fill row is its dedupe key) however
/// often its Settle effect runs. The book keeps no list of settled ids (the fill rows are that list), so it stays small.
/// Partition <c>gas</c> holds, one row per transaction hash, the gas the wallet paid outside fills (approvals), which
/// balance reconciliation charges to the native coin; partition <c>gas-pending</c> holds the approvals broadcast whose
/// gas is not recorded yet, so that gas is not lost when their trade ends before the receipt is seen.
/// </summary>
public sealed class LedgerStore(AppTables tables, TimeProvider clock, IOptions<TradingOptions> options)
{
    public const string TableName = "Ledger";
    public const string Partition = "desk";
    public const string BookRow = "book";
    public const string GasPartition = "gas";
    public const string PendingGasPartition = "gas-pending";

    private volatile LedgerState? _last;

    /// <summary>The book as last read or written by this instance (for gauges that must not do I/O); null before the first read.</summary>
    public LedgerState? Last => _last;

    /// <summary>The book with its ETag; the first read opens it with TRADING_CAPITAL_USD.</summary>
    public async Task<(LedgerState Book, string ETag)> ReadAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        while (true)
        {
            var row = await table.GetAsync(Partition, BookRow, cancellationToken: cancellationToken);
            if (row is not null)
            {
                var book = JsonSerializer.Deserialize(row.GetString("Json"), TradeJson.Default.LedgerState)
                           ?? throw new InvalidDataException("The ledger book row holds null.");
                _last = book;
                return (book, row.ETag!);
            }
            var opened = Ledger.Open(options.Value.CapitalUsd, clock.GetUtcNow());
            await table.TryInsertAsync(BookEntity(opened), cancellationToken);
        }
    }

    /// <summary>Applies a fill once. Returns false when the trade was settled before (nothing changes).</summary>
    public async Task<bool> SettleAsync(Fill fill, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        while (true)
        {
            if (await table.GetAsync(Partition, FillRow(fill.TradeId), ["RowKey"], cancellationToken) is not null) return false;
            var (book, etag) = await ReadAsync(cancellationToken);
            var result = Ledger.Settle(book, fill);
            var settled = result.Ledger with { SettledTradeIds = [] };
            var fillRow = new TableEntity(Partition, FillRow(fill.TradeId))
                .Set("Json", JsonSerializer.Serialize(fill, TradeJson.Default.Fill))
                .Set("At", fill.At)
                .SetDecimal("RealisedPnlUsd", result.RealisedPnlUsd);
            try
            {
                await table.SubmitTransactionAsync([TableTransactionAction.Insert(fillRow), TableTransactionAction.UpdateReplace(BookEntity(settled), etag)], cancellationToken);
                _last = settled;
                return true;
            }
            catch (TableStorageException ex) when (ex.Status is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
            {
                // Another settlement moved the book, or this fill landed meanwhile: look again.
            }
        }
    }

    /// <summary>Saves a marked book (new period starts, peak NAV) if nobody changed it since it was read.</summary>
    public async Task TrySaveMarkAsync(LedgerState marked, string etag, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        try
        {
            await table.UpdateAsync(BookEntity(marked), etag, TableUpdateMode.Replace, cancellationToken);
            _last = marked;
        }
        catch (TableConcurrencyException)
        {
            // A settlement wrote first; the next valuation marks again.
        }
    }

    /// <summary>Settled fills since <paramref name="since"/>, with the PnL each realised.</summary>
    public async Task<IReadOnlyList<(Fill Fill, decimal RealisedPnlUsd)>> FillsAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var filter = TableFilter.PartitionKeyEquals(Partition).And(TableFilter.StartsWith("RowKey", "fill-")).And(TableFilter.GreaterThanOrEqual("At", since));
        var fills = new List<(Fill, decimal)>();
        await foreach (var row in table.QueryAsync(filter, cancellationToken: cancellationToken))
            fills.Add((JsonSerializer.Deserialize(row.GetString("Json"), TradeJson.Default.Fill)!, row.GetDecimal("RealisedPnlUsd")));
        return fills.OrderBy(f => f.Item1.At).ToList();
    }

    public async Task<Fill?> FillOfAsync(string tradeId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var row = await table.GetAsync(Partition, FillRow(tradeId), cancellationToken: cancellationToken);
        return row is null ? null : JsonSerializer.Deserialize(row.GetString("Json"), TradeJson.Default.Fill);
    }

    /// <summary>
    /// Records, once per transaction, the gas a mined transaction outside a fill cost the wallet (<paramref name="purpose"/>:
    /// e.g. "approve:{trade}"), and forgets its pending row (written first, so a crash in between leaves a pending row that
    /// is recorded again).
    /// </summary>
    public async Task RecordGasAsync(Receipt mined, string purpose, CancellationToken cancellationToken)
    {
        var charge = new GasCharge(mined.TransactionHash, checked((long)mined.BlockNumber), mined.GasUsed * mined.EffectiveGasPrice);
        var table = await tables.GetAsync(TableName, cancellationToken);
        await table.TryInsertAsync(new TableEntity(GasPartition, charge.TxHash.ToLowerInvariant())
            .Set("Block", charge.Block)
            .SetBigInteger("GasWei", charge.GasWei)
            .Set("Purpose", purpose)
            .Set("At", clock.GetUtcNow()), cancellationToken);
        await ForgetPendingGasAsync(charge.TxHash, cancellationToken);
    }

    /// <summary>Notes, before a transaction outside fills is broadcast, that the wallet will pay its gas once it is mined.</summary>
    public async Task ExpectGasAsync(PendingGas pending, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        await table.TryInsertAsync(new TableEntity(PendingGasPartition, pending.TxHash.ToLowerInvariant())
            .Set("Nonce", pending.Nonce)
            .Set("Purpose", pending.Purpose)
            .Set("At", pending.BroadcastAt), cancellationToken);
    }

    /// <summary>The transactions broadcast outside fills whose gas is not recorded yet.</summary>
    public async Task<IReadOnlyList<PendingGas>> PendingGasAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var pending = new List<PendingGas>();
        await foreach (var row in table.QueryAsync(TableFilter.PartitionKeyEquals(PendingGasPartition), cancellationToken: cancellationToken))
            pending.Add(new PendingGas(row.RowKey, row.GetInt64("Nonce"), row.GetString("Purpose"), row.GetDateTimeOffset("At")));
        return pending;
    }

    /// <summary>Drops a pending row: its gas is recorded, or the transaction can no longer be mined.</summary>
    public async Task ForgetPendingGasAsync(string txHash, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        await table.DeleteAsync(PendingGasPartition, txHash.ToLowerInvariant(), cancellationToken: cancellationToken);
    }

    /// <summary>Gas paid outside fills in transactions mined after <paramref name="afterBlock"/>.</summary>
    public async Task<IReadOnlyList<GasCharge>> GasChargesAsync(long afterBlock, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var charges = new List<GasCharge>();
        var filter = TableFilter.PartitionKeyEquals(GasPartition).And(TableFilter.GreaterThan("Block", afterBlock));
        await foreach (var row in table.QueryAsync(filter, cancellationToken: cancellationToken))
            charges.Add(new GasCharge(row.RowKey, row.GetInt64("Block"), row.GetBigInteger("GasWei")));
        return charges;
    }

    private static TableEntity BookEntity(LedgerState book) =>
        new TableEntity(Partition, BookRow).Set("Json", JsonSerializer.Serialize(book, TradeJson.Default.LedgerState));

    private static string FillRow(string tradeId) => "fill-" + tradeId;
}

/// <summary>A transaction outside fills (an approval) broadcast with <see cref="Nonce"/> whose gas is not recorded yet.</summary>
public sealed record PendingGas(string TxHash, long Nonce, string Purpose, DateTimeOffset BroadcastAt);
