using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ChainTrader.Adapters.Storage;

public enum TableUpdateMode
{
    /// <summary>The stored entity becomes exactly the given one (properties not given are removed).</summary>
    Replace,

    /// <summary>The given properties are written; other stored properties are kept.</summary>
    Merge,
}

/// <summary>Where a query page ended; pass it back to <see cref="TableClient.QueryPageAsync"/> for the next page.</summary>
public sealed record TableContinuation(string NextPartitionKey, string? NextRowKey);

public sealed record TablePage(IReadOnlyList<TableEntity> Entities, TableContinuation? Continuation);

/// <summary>
/// Entity operations on one table over the Table service REST API.
/// <para>
/// Retried writes: every write carries a hidden per-call write id (property "_ChainTraderWriteId", stripped on read).
/// When a retry of an insert or conditional update is refused (409/412/404) after an earlier attempt ended ambiguously
/// (timeout, connection loss, 5xx), the client reads the entity: if it carries this call's write id, the earlier
/// attempt succeeded and the call reports success; otherwise the refusal is real. So <see cref="TryInsertAsync"/>
/// returns true exactly when this call created the entity, even across retries.
/// </para>
/// </summary>
public sealed class TableClient
{
    /// <summary>The most actions one entity group transaction may hold.</summary>
    public const int MaxTransactionActions = 100;

    private static readonly HttpMethod Merge = new("MERGE");
    private const string JsonContentType = "application/json";

    private readonly string _root;
    private readonly TableTransport _transport;

    internal TableClient(string name, string root, TableTransport transport)
    {
        Name = name;
        _root = root;
        _transport = transport;
    }

    public string Name { get; }

    private string TableUrl => $"{_root}/{Name}";

    /// <summary>Creates the table; false if it already existed.</summary>
    public async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["TableName"] = Name },
            TableJsonContext.Default.DictionaryStringString);
        var response = await _transport.SendAsync($"Create table {Name}", () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{_root}/Tables") { Content = Json(body) };
            request.Headers.TryAddWithoutValidation("Prefer", "return-no-content");
            return request;
        }, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccess)
            return true;
        if (response.Status == HttpStatusCode.Conflict)
            return false;
        throw TableTransport.Error($"Create table {Name}", response);
    }

    /// <summary>Deletes the table and everything in it; false if it did not exist.</summary>
    public async Task<bool> DeleteTableAsync(CancellationToken cancellationToken = default)
    {
        var response = await _transport.SendAsync($"Delete table {Name}",
            () => new HttpRequestMessage(HttpMethod.Delete, $"{_root}/Tables('{Name}')"), cancellationToken).ConfigureAwait(false);
        if (response.IsSuccess)
            return true;
        if (response.Status == HttpStatusCode.NotFound)
            return false;
        throw TableTransport.Error($"Delete table {Name}", response);
    }

    /// <summary>Inserts the entity; returns its new ETag. Throws <see cref="TableStorageException"/> (409 EntityAlreadyExists) if it exists.</summary>
    public async Task<string> InsertAsync(TableEntity entity, CancellationToken cancellationToken = default)
        => await InsertCoreAsync(entity, cancellationToken).ConfigureAwait(false)
           ?? throw new TableStorageException(HttpStatusCode.Conflict, "EntityAlreadyExists",
               $"Insert into {Name} failed: entity {entity.Describe()} already exists.");

    /// <summary>Insert-if-absent: true if this call created the entity, false if it already existed.</summary>
    public async Task<bool> TryInsertAsync(TableEntity entity, CancellationToken cancellationToken = default)
        => await InsertCoreAsync(entity, cancellationToken).ConfigureAwait(false) is not null;

    private async Task<string?> InsertCoreAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var writeId = NewWriteId();
        var body = TableEntityJson.Serialize(entity, writeId);
        var operation = $"Insert into {Name}";
        var response = await _transport.SendAsync(operation, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, TableUrl) { Content = Json(body) };
            request.Headers.TryAddWithoutValidation("Prefer", "return-no-content");
            return request;
        }, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccess)
            return RequireETag(response, operation);
        if (response.Status == HttpStatusCode.Conflict)
            return response.EarlierAttemptAmbiguous ? await OwnWriteETagAsync(entity.PartitionKey, entity.RowKey, writeId, cancellationToken).ConfigureAwait(false) : null;
        throw Failure(operation, response);
    }

    /// <summary>Insert-or-replace / insert-or-merge (unconditional); returns the new ETag.</summary>
    public async Task<string> UpsertAsync(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Replace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var body = TableEntityJson.Serialize(entity, NewWriteId());
        var operation = $"Upsert ({mode}) into {Name}";
        var response = await _transport.SendAsync(operation,
            () => new HttpRequestMessage(MethodFor(mode), EntityUrl(entity.PartitionKey, entity.RowKey)) { Content = Json(body) },
            cancellationToken).ConfigureAwait(false);
        return response.IsSuccess ? RequireETag(response, operation) : throw Failure(operation, response);
    }

    /// <summary>
    /// Conditional update: succeeds only while the stored entity still has <paramref name="etag"/> ("*" for any);
    /// returns the new ETag. Throws <see cref="TableConcurrencyException"/> if the ETag no longer matches (412) or
    /// the entity is gone (404).
    /// </summary>
    public async Task<string> UpdateAsync(TableEntity entity, string etag, TableUpdateMode mode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        RequireETagArgument(etag);
        var writeId = NewWriteId();
        var body = TableEntityJson.Serialize(entity, writeId);
        var operation = $"Update ({mode}) in {Name}";
        var response = await _transport.SendAsync(operation, () =>
        {
            var request = new HttpRequestMessage(MethodFor(mode), EntityUrl(entity.PartitionKey, entity.RowKey)) { Content = Json(body) };
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            return request;
        }, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccess)
            return RequireETag(response, operation);
        if (IsConcurrencyFailure(response))
        {
            if (response.EarlierAttemptAmbiguous
                && await OwnWriteETagAsync(entity.PartitionKey, entity.RowKey, writeId, cancellationToken).ConfigureAwait(false) is { } own)
                return own;
            var (code, message) = TableTransport.ParseError(response.Body);
            throw new TableConcurrencyException(response.Status, code,
                TableTransport.Describe($"{operation} of {entity.Describe()} with ETag {etag}", response.Status, code,
                    response.Status == HttpStatusCode.NotFound ? "the entity does not exist" : "the entity was changed by someone else (ETag mismatch)")
                + (message is null ? "" : $" [{message}]"));
        }
        throw Failure(operation, response);
    }

    /// <summary>The entity, or null if it does not exist. <paramref name="select"/> limits the properties returned.</summary>
    public async Task<TableEntity?> GetAsync(string partitionKey, string rowKey, IReadOnlyCollection<string>? select = null, CancellationToken cancellationToken = default)
    {
        var (json, etag) = await GetRawAsync(partitionKey, rowKey, select, cancellationToken).ConfigureAwait(false);
        if (json is not { } element)
            return null;
        return TableEntityJson.Deserialize(element, etag);
    }

    /// <summary>Every entity matching the filter, following continuation tokens page by page.</summary>
    public async IAsyncEnumerable<TableEntity> QueryAsync(TableFilter? filter = null, IReadOnlyCollection<string>? select = null, int? pageSize = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        TableContinuation? continuation = null;
        do
        {
            var page = await QueryPageAsync(filter, select, pageSize, continuation, cancellationToken).ConfigureAwait(false);
            foreach (var entity in page.Entities)
                yield return entity;
            continuation = page.Continuation;
        } while (continuation is not null);
    }

    /// <summary>
    /// One page of at most <paramref name="pageSize"/> (1-1000) entities. A page may be short or even empty while a
    /// continuation is still returned (the service stops at partition boundaries and after 5 s); only a null
    /// <see cref="TablePage.Continuation"/> means the end.
    /// </summary>
    public async Task<TablePage> QueryPageAsync(TableFilter? filter = null, IReadOnlyCollection<string>? select = null, int? pageSize = null,
        TableContinuation? continuation = null, CancellationToken cancellationToken = default)
    {
        if (pageSize is < 1 or > 1000)
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "pageSize must be between 1 and 1000 (the Table service maximum).");
        var query = new List<string>();
        if (filter is not null)
            query.Add("$filter=" + Uri.EscapeDataString(filter.Text));
        if (select is not null)
            query.Add("$select=" + Uri.EscapeDataString(SelectList(select)));
        if (pageSize is { } top)
            query.Add("$top=" + top);
        if (continuation is not null)
        {
            query.Add("NextPartitionKey=" + Uri.EscapeDataString(continuation.NextPartitionKey));
            if (continuation.NextRowKey is not null)
                query.Add("NextRowKey=" + Uri.EscapeDataString(continuation.NextRowKey));
        }
        var url = $"{TableUrl}()" + (query.Count == 0 ? "" : "?" + string.Join('&', query));
        var operation = $"Query {Name}";
        var response = await _transport.SendAsync(operation, () => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess)
            throw Failure(operation, response);

        using var document = JsonDocument.Parse(response.Body);
        var entities = new List<TableEntity>();
        if (document.RootElement.TryGetProperty("value", out var values))
        {
            foreach (var value in values.EnumerateArray())
                entities.Add(TableEntityJson.Deserialize(value, null));
        }
        var nextPartition = response.Header("x-ms-continuation-NextPartitionKey");
        var next = string.IsNullOrEmpty(nextPartition) ? null : new TableContinuation(nextPartition, NullIfEmpty(response.Header("x-ms-continuation-NextRowKey")));
        return new TablePage(entities, next);
    }

    /// <summary>
    /// Deletes the entity if it exists and (unless <paramref name="etag"/> is "*") still has that ETag. True if deleted,
    /// false if absent. Throws <see cref="TableConcurrencyException"/> if the ETag no longer matches.
    /// </summary>
    public async Task<bool> DeleteAsync(string partitionKey, string rowKey, string etag = "*", CancellationToken cancellationToken = default)
    {
        RequireETagArgument(etag);
        var url = EntityUrl(partitionKey, rowKey);
        var operation = $"Delete from {Name}";
        var response = await _transport.SendAsync(operation, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Delete, url);
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            return request;
        }, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccess)
            return true;
        if (response.Status == HttpStatusCode.NotFound && !IsTableNotFound(response))
            return false;
        if (response.Status == HttpStatusCode.PreconditionFailed)
        {
            var (code, message) = TableTransport.ParseError(response.Body);
            throw new TableConcurrencyException(response.Status, code,
                TableTransport.Describe($"{operation} with ETag {etag}", response.Status, code, message ?? "the entity was changed by someone else (ETag mismatch)"));
        }
        throw Failure(operation, response);
    }

    /// <summary>
    /// Applies up to 100 actions on one partition atomically (an entity group transaction): all or nothing. Throws
    /// <see cref="TableTransactionFailedException"/> naming the failing action if the service rejects any of them.
    /// </summary>
    public Task<IReadOnlyList<TableTransactionResult>> SubmitTransactionAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
        => TableTransaction.SubmitAsync(this, actions, cancellationToken);

    internal TableTransport Transport => _transport;
    internal string Root => _root;

    internal string EntityUrl(string partitionKey, string rowKey)
    {
        TableNames.ValidateKey(partitionKey, "PartitionKey");
        TableNames.ValidateKey(rowKey, "RowKey");
        return $"{TableUrl}(PartitionKey='{EscapeKey(partitionKey)}',RowKey='{EscapeKey(rowKey)}')";
    }

    internal static HttpMethod MethodFor(TableUpdateMode mode) => mode == TableUpdateMode.Merge ? Merge : HttpMethod.Put;

    internal static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(JsonContentType);
        return content;
    }

    internal static string NewWriteId() => Guid.NewGuid().ToString("N");

    /// <summary>The current ETag if the stored entity carries <paramref name="writeId"/> (i.e. our write landed), else null.</summary>
    internal async Task<string?> OwnWriteETagAsync(string partitionKey, string rowKey, string writeId, CancellationToken cancellationToken)
    {
        var (json, etag) = await GetRawAsync(partitionKey, rowKey, null, cancellationToken).ConfigureAwait(false);
        return json is { } element
               && element.TryGetProperty(TableNames.WriteIdProperty, out var stored)
               && stored.ValueKind == JsonValueKind.String && stored.GetString() == writeId
            ? etag ?? (element.TryGetProperty("odata.etag", out var e) ? e.GetString() : null)
            : null;
    }

    internal TableStorageException Failure(string operation, TableResponse response)
    {
        if (IsTableNotFound(response))
        {
            var (code, _) = TableTransport.ParseError(response.Body);
            return new TableStorageException(response.Status, code ?? "TableNotFound",
                $"{operation} failed: table \"{Name}\" does not exist at {_root}; create it first (TableClient.CreateIfNotExistsAsync).");
        }
        return TableTransport.Error(operation, response);
    }

    private async Task<(JsonElement? Json, string? ETag)> GetRawAsync(string partitionKey, string rowKey, IReadOnlyCollection<string>? select, CancellationToken cancellationToken)
    {
        var url = EntityUrl(partitionKey, rowKey) + (select is null ? "" : "?$select=" + Uri.EscapeDataString(SelectList(select)));
        var operation = $"Get from {Name}";
        var response = await _transport.SendAsync(operation, () => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken).ConfigureAwait(false);
        if (response.Status == HttpStatusCode.NotFound && !IsTableNotFound(response))
            return (null, null);
        if (!response.IsSuccess)
            throw Failure(operation, response);
        using var document = JsonDocument.Parse(response.Body);
        return (document.RootElement.Clone(), response.ETag);
    }

    private static bool IsTableNotFound(TableResponse response)
        => response.Status == HttpStatusCode.NotFound
           && (TableTransport.ParseError(response.Body).Code ?? response.Header("x-ms-error-code")) == "TableNotFound";

    private static bool IsConcurrencyFailure(TableResponse response)
        => response.Status == HttpStatusCode.PreconditionFailed || (response.Status == HttpStatusCode.NotFound && !IsTableNotFound(response));

    private static string SelectList(IReadOnlyCollection<string> select)
    {
        var names = new List<string> { "PartitionKey", "RowKey" };
        foreach (var name in select)
        {
            if (name is "PartitionKey" or "RowKey" or "Timestamp")
            {
                if (!names.Contains(name))
                    names.Add(name);
                continue;
            }
            TableNames.ValidatePropertyName(name);
            names.Add(name);
        }
        return string.Join(',', names.Distinct(StringComparer.Ordinal));
    }

    // Inside the key literal a quote is doubled (OData), then the whole value is percent-encoded for the path.
    private static string EscapeKey(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));

    private static string RequireETag(TableResponse response, string operation)
        => response.ETag ?? throw new TableStorageException(response.Status, null, $"{operation} succeeded but the service returned no ETag.");

    private static void RequireETagArgument(string etag)
    {
        if (string.IsNullOrWhiteSpace(etag))
            throw new ArgumentException("An ETag is required: pass the entity's ETag as read, or \"*\" to match any version.", nameof(etag));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
