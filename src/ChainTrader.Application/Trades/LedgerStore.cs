using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Storage;
using Microsoft.Extensions.Options;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Application.Trades;

/// <summary>
/// The desk's ledgers in the <c>Ledger</c> table, one partition per book (<see cref="Ledger.BookOf(ExecutionMode)"/>):
/// <c>live</c> and <c>paper</c>, so a PAPER fill never changes a LIVE position, PnL or breaker and the reverse. In each,
/// row <c>book</c> is the <see cref="LedgerState"/> (ETag-guarded), rows <c>fill-{tradeId}</c> are the settled fills. A
/// settlement inserts the fill row and replaces the book in one entity-group transaction, so a fill is applied exactly
/// once (the fill row is its dedupe key) however often its Settle effect runs. The book keeps no list of settled ids (the
/// fill rows are that list), so it stays small. (The single book of earlier versions, partition <c>desk</c>, is not read.)
/// Partition <c>gas</c> holds, one row per transaction hash, the gas the wallet paid outside fills (approvals), which
/// balance reconciliation charges to the native coin; partition <c>gas-pending</c> holds the approvals broadcast whose
/// gas is not recorded yet, so that gas is not lost when their trade ends before the receipt is seen. Both are LIVE's.
/// </summary>
public sealed class LedgerStore(AppTables tables, TimeProvider clock, IOptions<TradingOptions> options)
{
    public const string TableName = "Ledger";
    public const string BookRow = "book";
    public const string GasPartition = "gas";
    public const string PendingGasPartition = "gas-pending";

    /// <summary>The partition of the book <paramref name="mode"/> trades in.</summary>
    public static string PartitionOf(ExecutionMode mode) => Ledger.BookOf(mode) == ExecutionMode.Paper ? "paper" : "live";

    /// <summary>The book <paramref name="mode"/> trades in, with its ETag; the first read opens it with TRADING_CAPITAL_USD.</summary>
    public async Task<(LedgerState Book, string ETag)> ReadAsync(ExecutionMode mode, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var partition = PartitionOf(mode);
        while (true)
        {
            var row = await table.GetAsync(partition, BookRow, cancellationToken: cancellationToken);
            if (row is not null)
            {
                var book = JsonSerializer.Deserialize(row.GetString("Json"), TradeJson.Default.LedgerState)
                           ?? throw new InvalidDataException($"The {partition} ledger book row holds null.");
                return (book, row.ETag!);
            }
            var opened = Ledger.Open(options.Value.CapitalUsd, clock.GetUtcNow());
            await table.TryInsertAsync(BookEntity(partition, opened), cancellationToken);
        }
    }

    /// <summary>Applies a fill once, in the book it belongs to. Returns false when the trade was settled before (nothing changes).</summary>
    public async Task<bool> SettleAsync(Fill fill, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var book = Ledger.BookOf(fill);
        var partition = PartitionOf(book);
        while (true)
        {
            if (await table.GetAsync(partition, FillRow(fill.TradeId), ["RowKey"], cancellationToken) is not null) return false;
            var (state, etag) = await ReadAsync(book, cancellationToken);
            var result = Ledger.Settle(state, fill);
            var settled = result.Ledger with { SettledTradeIds = [] };
            var fillRow = new TableRow(partition, FillRow(fill.TradeId))
                .Set("Json", JsonSerializer.Serialize(fill, TradeJson.Default.Fill))
                .Set("At", fill.At)
                .SetDecimal("RealisedPnlUsd", result.RealisedPnlUsd);
            try
            {
                await table.SubmitBatchAsync([TableBatchAction.Insert(fillRow), TableBatchAction.UpdateReplace(BookEntity(partition, settled), etag)], cancellationToken);
                return true;
            }
            catch (TableStorageException ex) when (ex.Status is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
            {
                // Another settlement moved the book, or this fill landed meanwhile: look again.
            }
        }
    }

    /// <summary>Saves a marked book (new period starts, peak NAV) of <paramref name="mode"/> if nobody changed it since it was read.</summary>
    public async Task TrySaveMarkAsync(ExecutionMode mode, LedgerState marked, string etag, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        try
        {
            await table.UpdateAsync(BookEntity(PartitionOf(mode), marked), etag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (TableConcurrencyException)
        {
            // A settlement wrote first; the next valuation marks again.
        }
    }

    /// <summary>The fills settled in <paramref name="mode"/>'s book since <paramref name="since"/>, with the PnL each realised.</summary>
    public async Task<IReadOnlyList<(Fill Fill, decimal RealisedPnlUsd)>> FillsAsync(ExecutionMode mode, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var filter = TableFilter.PartitionKeyEquals(PartitionOf(mode)).And(TableFilter.StartsWith("RowKey", "fill-")).And(TableFilter.GreaterThanOrEqual("At", since));
        var fills = new List<(Fill, decimal)>();
        await foreach (var row in table.QueryAsync(filter, cancellationToken: cancellationToken))
            fills.Add((JsonSerializer.Deserialize(row.GetString("Json"), TradeJson.Default.Fill)!, row.GetDecimal("RealisedPnlUsd")));
        return fills.OrderBy(f => f.Item1.At).ToList();
    }

    /// <summary>
    /// Records, once per transaction, the gas a mined transaction outside a fill cost the wallet (<paramref name="purpose"/>:
    /// e.g. "approve:{trade}"), and forgets its pending row (written first, so a crash in between leaves a pending row that
    /// is recorded again).
    /// </summary>
    public async Task RecordGasAsync(TransactionReceipt mined, string purpose, CancellationToken cancellationToken)
    {
        var charge = new GasCharge(mined.TransactionHash, checked((long)mined.Height()), mined.GasCost());
        var table = await tables.GetAsync(TableName, cancellationToken);
        await table.TryInsertAsync(new TableRow(GasPartition, charge.TxHash.ToLowerInvariant())
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
        await table.TryInsertAsync(new TableRow(PendingGasPartition, pending.TxHash.ToLowerInvariant())
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

    private static TableRow BookEntity(string partition, LedgerState book) =>
        new TableRow(partition, BookRow).Set("Json", JsonSerializer.Serialize(book, TradeJson.Default.LedgerState));

    private static string FillRow(string tradeId) => "fill-" + tradeId;
}
