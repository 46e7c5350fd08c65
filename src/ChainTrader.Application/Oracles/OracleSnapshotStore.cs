using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ChainTrader.Adapters.Storage;
using ChainTrader.Application.Storage;

namespace ChainTrader.Application.Oracles;

/// <summary>
/// The <c>OracleSnapshots</c> table: partition = canonical symbol; row key = inverted ticks of the evaluation time (so a
/// query returns the newest first) for the history, and <c>latest</c> for the newest poll's assessment, which also
/// carries the last good price. History and latest are written in one entity-group transaction.
/// </summary>
public sealed class OracleSnapshotStore(AppTables tables)
{
    public const string TableName = "OracleSnapshots";
    public const string LatestRowKey = "latest";

    /// <summary>The row key of the snapshot evaluated at <paramref name="evaluatedAt"/>: newest sorts first.</summary>
    public static string RowKeyOf(DateTimeOffset evaluatedAt) =>
        (DateTimeOffset.MaxValue.UtcTicks - evaluatedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>Stores the snapshot in the history and, when <paramref name="asLatest"/>, as the symbol's latest.</summary>
    public async Task SaveAsync(OracleSnapshot snapshot, bool asLatest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var table = await tables.GetAsync(TableName, cancellationToken);
        var symbol = snapshot.Assessment.Symbol;
        var actions = new List<TableBatchAction> { TableBatchAction.UpsertReplace(ToEntity(snapshot, RowKeyOf(snapshot.Assessment.EvaluatedAt))) };
        if (asLatest)
            actions.Add(TableBatchAction.UpsertReplace(ToEntity(snapshot, LatestRowKey)));
        await table.SubmitBatchAsync(actions, cancellationToken);
    }

    public async Task<OracleSnapshot?> GetLatestAsync(string symbol, CancellationToken cancellationToken) =>
        await GetAsync(symbol, LatestRowKey, cancellationToken);

    /// <summary>The snapshot a decision cited, by symbol and evaluation time.</summary>
    public async Task<OracleSnapshot?> GetAsync(string symbol, DateTimeOffset evaluatedAt, CancellationToken cancellationToken) =>
        await GetAsync(symbol, RowKeyOf(evaluatedAt), cancellationToken);

    /// <summary>The newest <paramref name="count"/> history snapshots of <paramref name="symbol"/>, newest first.</summary>
    public async Task<IReadOnlyList<OracleSnapshot>> RecentAsync(string symbol, int count, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var filter = TableFilter.PartitionKeyEquals(symbol).And(TableFilter.LessThan("RowKey", LatestRowKey));
        var page = await table.QueryPageAsync(filter, pageSize: count, cancellationToken: cancellationToken);
        return page.Entities.Select(FromEntity).ToList();
    }

    private async Task<OracleSnapshot?> GetAsync(string symbol, string rowKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var row = await table.GetAsync(symbol, rowKey, cancellationToken: cancellationToken);
        return row is null ? null : FromEntity(row);
    }

    private static TableRow ToEntity(OracleSnapshot snapshot, string rowKey)
    {
        var assessment = snapshot.Assessment;
        var entity = new TableRow(assessment.Symbol, rowKey)
            .Set("Verdict", assessment.Verdict.ToString())
            .Set("EvaluatedAt", assessment.EvaluatedAt)
            .Set("Snapshot", JsonSerializer.Serialize(snapshot, OracleJson.Default.OracleSnapshot));
        if (assessment.Price is { } price) entity.SetDecimal("Price", price);
        if (assessment.LastGood is { } good) entity.SetDecimal("LastGoodPrice", good.Price).Set("LastGoodAt", good.At);
        if (assessment.Failures.Count > 0) entity.Set("Failures", Truncate(string.Join("; ", assessment.Failures.Select(f => f.Message))));
        return entity;
    }

    private static OracleSnapshot FromEntity(TableRow row) =>
        JsonSerializer.Deserialize(row.GetString("Snapshot"), OracleJson.Default.OracleSnapshot)
        ?? throw new InvalidDataException($"Oracle snapshot {row.PartitionKey}/{row.RowKey} is empty.");

    // The JSON holds every failure; the column is for people browsing the table.
    private static string Truncate(string text) => text.Length <= 4000 ? text : text[..3999] + "…";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, IgnoreReadOnlyProperties = true, UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OracleSnapshot))]
internal sealed partial class OracleJson : JsonSerializerContext;
