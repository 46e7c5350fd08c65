using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Risk;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Audit;
using ChainTrader.Application.Storage;
using ChainTrader.Application.Telemetry;

namespace ChainTrader.Application.Trades;

/// <summary>
/// Trades in Table Storage (docs/architecture.md rules 1-3).
/// <list type="bullet">
/// <item><c>Trades</c>: partition = trade id; row <c>state</c> holds the current trade (JSON) with its ETag, rows
/// <c>e000001</c>… hold every recorded transition (the audit trail, with trace id and configuration hash). The state row
/// also keeps the traceparent of the span that opened the trade (<c>TraceParent</c>), so its later steps continue that trace. A step writes
/// the new state and its history entry in one entity-group transaction guarded by the state's ETag, so two workers can
/// never both advance a trade and no transition is stored without its entry.</item>
/// <item><c>TradeIndex</c>: partition <c>open</c> (one row per trade not yet ended: written with the trade, deleted by
/// the step that ends it), <c>user-{id}</c> (every trade a user opened, newest first) and <c>desk</c> (confirmed PAPER and LIVE trades, newest
/// first: what pacing and per-user limits count).</item>
/// </list>
/// After creation only the trade's orchestration writes its rows (<see cref="RecordAsync"/>).
/// </summary>
public sealed class TradeStore(AppTables tables, ConfigurationFingerprint fingerprint)
{
    public const string TradesTable = "Trades";
    public const string IndexTable = "TradeIndex";
    public const string StateRow = "state";
    public const string OpenPartition = "open";
    public const string DeskPartition = "desk";

    private const string JsonProperty = "Json";
    private const string TraceParentProperty = "TraceParent";

    /// <summary>
    /// Stores a newly opened trade with its first history entry. Idempotent: when the trade exists already (the same
    /// update delivered twice, or at once) the stored one is returned and <c>Created</c> is false. Its index rows are
    /// written after the state and keyed from the stored trade (its id and open time), never from this delivery's clock,
    /// so every delivery writes the same rows; a crash between the writes leaves the webhook unanswered, Telegram
    /// redelivers, and the redelivery writes the missing rows.
    /// </summary>
    public async Task<(StoredTrade Trade, bool Created)> CreateAsync(TradeStep opened, string cause, CancellationToken cancellationToken)
    {
        var trade = opened.Trade;
        var traceParent = TraceContext.Capture();
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', '-').Replace('/', '_');
        var state = WithTrace(StateEntity(trade).Set("ButtonNonce", nonce).Set("Cause", cause), traceParent);
        var table = await tables.GetAsync(TradesTable, cancellationToken);
        StoredTrade stored;
        bool created;
        try
        {
            var results = await table.SubmitBatchAsync([TableBatchAction.Insert(state), TableBatchAction.Insert(EntryEntity(trade.Id, opened.Entry!))], cancellationToken);
            (stored, created) = (new StoredTrade(trade, results[0].ETag!, nonce, cause, TraceParent: traceParent), true);
        }
        catch (TableStorageException ex) when (ex.Status == HttpStatusCode.Conflict)
        {
            stored = await GetAsync(trade.Id, cancellationToken)
                     ?? throw new InvalidOperationException($"Trade {trade.Id} conflicted on creation but cannot be read.", ex);
            created = false;
        }

        var index = await tables.GetAsync(IndexTable, cancellationToken);
        var first = stored.Trade;
        await index.UpsertAsync(new TableRow(UserPartition(first.Intent.UserId), UserRow(first.Id, first.OpenedAt))
            .Set("TradeId", first.Id).Set("OpenedAt", first.OpenedAt), TableUpdateMode.Replace, cancellationToken);
        // Only a trade no step has moved yet gets its open row (again): the step that ends the trade deletes it.
        if (first.Sequence == trade.Sequence)
            await index.UpsertAsync(new TableRow(OpenPartition, first.Id), TableUpdateMode.Replace, cancellationToken);
        return (stored, created);
    }

    public async Task<StoredTrade?> GetAsync(string tradeId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TradesTable, cancellationToken);
        var row = await table.GetAsync(tradeId, StateRow, cancellationToken: cancellationToken);
        return row is null ? null : Read(row);
    }

    /// <summary>
    /// Stores a recorded step of a trade's orchestration: the new trade and its history entry in one entity-group
    /// transaction guarded by <paramref name="before"/>'s ETag. Throws <see cref="TradeConflictException"/> when the row
    /// moved on or the entry exists already (a re-run of the same step: the caller re-reads and finds its own write).
    /// </summary>
    public async Task<StoredTrade> RecordAsync(StoredTrade before, Trade trade, TradeHistoryEntry entry, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TradesTable, cancellationToken);
        var state = WithTrace(StateEntity(trade).Set("ButtonNonce", before.ButtonNonce).Set("Cause", before.Cause), before.TraceParent);
        var confirmedAt = before.ConfirmedAt ?? (trade.State == TradeState.Confirmed ? trade.StateSince : null);
        if (confirmedAt is { } confirmed) state.Set("ConfirmedAt", confirmed);
        List<TableBatchAction> actions = [TableBatchAction.UpdateReplace(state, before.ETag), TableBatchAction.Insert(EntryEntity(trade.Id, entry))];
        string etag;
        try
        {
            etag = (await table.SubmitBatchAsync(actions, cancellationToken))[0].ETag!;
        }
        catch (TableStorageException ex) when (ex.Status is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            throw new TradeConflictException(trade.Id);
        }
        if (trade.IsTerminal)
        {
            var index = await tables.GetAsync(IndexTable, cancellationToken);
            await index.DeleteAsync(OpenPartition, trade.Id, cancellationToken: cancellationToken);
        }
        return before with { Trade = trade, ETag = etag, ConfirmedAt = confirmedAt };
    }

    /// <summary>The recorded transitions of a trade, in order.</summary>
    public async Task<IReadOnlyList<TradeHistoryEntry>> HistoryAsync(string tradeId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TradesTable, cancellationToken);
        var filter = TableFilter.PartitionKeyEquals(tradeId).And(TableFilter.GreaterThanOrEqual("RowKey", "e")).And(TableFilter.LessThan("RowKey", "f"));
        var entries = new List<TradeHistoryEntry>();
        await foreach (var row in table.QueryAsync(filter, cancellationToken: cancellationToken))
            entries.Add(JsonSerializer.Deserialize(row.GetString(JsonProperty), TradeJson.Default.TradeHistoryEntry)!);
        return entries;
    }

    /// <summary>Every open (not terminal) trade id.</summary>
    public async Task<IReadOnlyList<string>> OpenTradeIdsAsync(CancellationToken cancellationToken)
    {
        var index = await tables.GetAsync(IndexTable, cancellationToken);
        var ids = new List<string>();
        await foreach (var row in index.QueryAsync(TableFilter.PartitionKeyEquals(OpenPartition), ["RowKey"], cancellationToken: cancellationToken))
            ids.Add(row.RowKey);
        return ids;
    }

    /// <summary>The trades a user opened, newest first.</summary>
    public async Task<IReadOnlyList<StoredTrade>> UserTradesAsync(long userId, int max, CancellationToken cancellationToken)
    {
        var index = await tables.GetAsync(IndexTable, cancellationToken);
        var ids = new List<string>();
        await foreach (var row in index.QueryAsync(TableFilter.PartitionKeyEquals(UserPartition(userId)), ["TradeId"], pageSize: max, cancellationToken: cancellationToken))
        {
            ids.Add(row.GetString("TradeId"));
            if (ids.Count >= max) break;
        }
        var trades = await Task.WhenAll(ids.Select(id => GetAsync(id, cancellationToken)));
        return trades.OfType<StoredTrade>().ToList();
    }

    /// <summary>When the user opened trades since <paramref name="since"/> (for the opens-per-minute limit).</summary>
    public async Task<IReadOnlyList<DateTimeOffset>> UserOpensAsync(long userId, DateTimeOffset since, string exceptTradeId, CancellationToken cancellationToken)
    {
        var index = await tables.GetAsync(IndexTable, cancellationToken);
        var filter = TableFilter.PartitionKeyEquals(UserPartition(userId)).And(TableFilter.LessThanOrEqual("RowKey", InvertedTicks(since) + "~"));
        var opens = new List<DateTimeOffset>();
        await foreach (var row in index.QueryAsync(filter, ["TradeId", "OpenedAt"], cancellationToken: cancellationToken))
        {
            if (row.GetString("TradeId") != exceptTradeId) opens.Add(row.GetDateTimeOffset("OpenedAt"));
        }
        return opens;
    }

    /// <summary>Records a confirmed PAPER or LIVE trade for pacing, with its book; idempotent per trade.</summary>
    public async Task MarkConfirmedAsync(Trade trade, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var index = await tables.GetAsync(IndexTable, cancellationToken);
        var notional = (trade.ExecutionQuote ?? trade.Quote)?.NotionalUsd ?? 0m;
        var book = Ledger.BookOf(trade.Mode ?? throw new ArgumentException($"Trade {trade.Id} is not confirmed in a mode.", nameof(trade)));
        await index.UpsertAsync(new TableRow(DeskPartition, UserRow(trade.Id, at))
            .Set("TradeId", trade.Id).Set("At", at).Set("Symbol", trade.Intent.Base.Symbol)
            .SetDecimal("NotionalUsd", notional).Set("UserId", trade.Intent.UserId).Set("Book", book.ToSettingValue()), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The ids of PAPER and LIVE trades confirmed since <paramref name="since"/>, whatever their state now.</summary>
    public async Task<IReadOnlyList<string>> ConfirmedTradeIdsAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var index = await tables.GetAsync(IndexTable, cancellationToken);
        var filter = TableFilter.PartitionKeyEquals(DeskPartition).And(TableFilter.LessThanOrEqual("RowKey", InvertedTicks(since) + "~"));
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in index.QueryAsync(filter, ["TradeId"], cancellationToken: cancellationToken)) ids.Add(row.GetString("TradeId"));
        return ids.ToList();
    }

    /// <summary>
    /// Confirmed desk trades in the book <paramref name="mode"/> trades in since <paramref name="since"/> (each with the
    /// user who made it). Marks stored before marks named their book count in every book.
    /// </summary>
    public async Task<IReadOnlyList<(long UserId, TradeMark Mark)>> DeskTradesAsync(ExecutionMode mode, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var index = await tables.GetAsync(IndexTable, cancellationToken);
        var filter = TableFilter.PartitionKeyEquals(DeskPartition).And(TableFilter.LessThanOrEqual("RowKey", InvertedTicks(since) + "~"));
        var book = Ledger.BookOf(mode).ToSettingValue();
        var marks = new Dictionary<string, (long, TradeMark)>(StringComparer.Ordinal);
        await foreach (var row in index.QueryAsync(filter, cancellationToken: cancellationToken))
        {
            if (row.Contains("Book") && row.GetString("Book") != book) continue;
            // A re-confirmed mark (a retried step) may sit under two times; the trade counts once.
            marks.TryAdd(row.GetString("TradeId"), (row.GetInt64("UserId"),
                new TradeMark(row.GetDateTimeOffset("At"), row.GetString("Symbol"), row.GetDecimal("NotionalUsd"))));
        }
        return marks.Values.ToList();
    }

    private TableRow EntryEntity(string tradeId, TradeHistoryEntry entry) =>
        new TableRow(tradeId, EntryRow(entry.Sequence))
            .Set(JsonProperty, JsonSerializer.Serialize(entry, TradeJson.Default.TradeHistoryEntry))
            .Set("At", entry.At)
            .Set("From", entry.From.ToString())
            .Set("To", entry.To.ToString())
            .Set("Event", entry.Event.GetType().Name)
            .Set("TraceId", Activity.Current?.TraceId.ToHexString() ?? "")
            .Set("ConfigHash", fingerprint.Hash);

    private static TableRow StateEntity(Trade trade)
    {
        var entity = new TableRow(trade.Id, StateRow)
            .Set(JsonProperty, JsonSerializer.Serialize(trade, TradeJson.Default.Trade))
            .Set("State", trade.State.ToString())
            .Set("UserId", trade.Intent.UserId)
            .Set("ChatId", trade.Intent.ChatId)
            .Set("OpenedAt", trade.OpenedAt)
            .Set("Sequence", trade.Sequence);
        if (trade.DueAt is { } due) entity.Set("DueAt", due);
        return entity;
    }

    private static StoredTrade Read(TableRow row)
    {
        var trade = JsonSerializer.Deserialize(row.GetString(JsonProperty), TradeJson.Default.Trade)
                    ?? throw new InvalidDataException($"Trade row {row.PartitionKey} holds null.");
        return new StoredTrade(trade, row.ETag!, row.GetString("ButtonNonce"), row.GetString("Cause"),
            row.Contains("ConfirmedAt") ? row.GetDateTimeOffset("ConfirmedAt") : null, TraceParentOf(row));
    }

    private static TableRow WithTrace(TableRow entity, string? traceParent) =>
        traceParent is null ? entity : entity.Set(TraceParentProperty, traceParent);

    private static string? TraceParentOf(TableRow row) => row.Contains(TraceParentProperty) ? row.GetString(TraceParentProperty) : null;

    public static string EntryRow(int sequence) => "e" + sequence.ToString("D6", CultureInfo.InvariantCulture);

    private static string UserPartition(long userId) => "user-" + userId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Newest first: row keys sort ascending, so the time is stored as ticks counted down from the maximum.</summary>
    private static string UserRow(string tradeId, DateTimeOffset at) => InvertedTicks(at) + "-" + tradeId;

    private static string InvertedTicks(DateTimeOffset at) => (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
}
