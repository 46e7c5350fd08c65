using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace ChainTrader.Adapters.Storage;

/// <summary>
/// One table, through the SDK's <see cref="TableClient"/>, with the rules the stores rely on: insert-if-absent,
/// ETag-conditional update/delete, entity-group batches, paging, and our exceptions.
/// <para>
/// Retried writes: every write carries a hidden per-call write id (property "_ChainTraderWriteId", stripped on read).
/// When a retry of an insert or conditional update is refused (409/412/404) after an earlier attempt ended ambiguously
/// (timeout, connection loss, 5xx), the entity is read back: if it carries this call's write id, the earlier attempt
/// succeeded and the call reports success; otherwise the refusal is real. So <see cref="TryInsertAsync"/> returns true
/// exactly when this call created the entity, even across retries. This is why the SDK's own retries are off.
/// </para>
/// </summary>
public sealed class EntityTable
{
    /// <summary>The most actions one entity group batch may hold.</summary>
    public const int MaxBatchActions = 100;

    private readonly TableClient _client;
    private readonly TableCallPipeline _calls;

    internal EntityTable(TableClient client, TableCallPipeline calls)
    {
        _client = client;
        _calls = calls;
    }

    public string Name => _client.Name;

    /// <summary>Creates the table; false if it already existed.</summary>
    public async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        var attempts = new TableAttempts($"Create table {Name}");
        try
        {
            await _calls.RunAsync(attempts, ct => _client.CreateAsync(ct), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
        catch (RequestFailedException ex)
        {
            throw TableCallPipeline.Failure(attempts.Operation, ex);
        }
    }

    /// <summary>Deletes the table and everything in it; false if it did not exist.</summary>
    public async Task<bool> DeleteTableAsync(CancellationToken cancellationToken = default)
    {
        var attempts = new TableAttempts($"Delete table {Name}");
        try
        {
            // The SDK answers a missing table with its 404 response rather than an exception.
            var response = await _calls.RunAsync(attempts, ct => _client.DeleteAsync(ct), cancellationToken).ConfigureAwait(false);
            return response.Status != (int)HttpStatusCode.NotFound;
        }
        catch (RequestFailedException ex)
        {
            throw TableCallPipeline.Failure(attempts.Operation, ex);
        }
    }

    /// <summary>Inserts the entity; returns its new ETag. Throws <see cref="TableStorageException"/> (409 EntityAlreadyExists) if it exists.</summary>
    public async Task<string> InsertAsync(TableRow entity, CancellationToken cancellationToken = default)
        => await InsertCoreAsync(entity, cancellationToken).ConfigureAwait(false)
           ?? throw new TableStorageException(HttpStatusCode.Conflict, "EntityAlreadyExists",
               $"Insert into {Name} failed: entity {entity.Describe()} already exists.");

    /// <summary>Insert-if-absent: true if this call created the entity, false if it already existed.</summary>
    public async Task<bool> TryInsertAsync(TableRow entity, CancellationToken cancellationToken = default)
        => await InsertCoreAsync(entity, cancellationToken).ConfigureAwait(false) is not null;

    private async Task<string?> InsertCoreAsync(TableRow entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var writeId = NewWriteId();
        var sdkEntity = TableRowConversion.ToSdk(entity, writeId);
        var attempts = new TableAttempts($"Insert into {Name}");
        try
        {
            var response = await _calls.RunAsync(attempts, ct => _client.AddEntityAsync(sdkEntity, ct), cancellationToken).ConfigureAwait(false);
            return RequireETag(response, attempts.Operation);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            return attempts.EarlierAttemptAmbiguous
                ? await OwnWriteETagAsync(entity.PartitionKey, entity.RowKey, writeId, cancellationToken).ConfigureAwait(false)
                : null;
        }
        catch (RequestFailedException ex)
        {
            throw Failure(attempts.Operation, ex);
        }
    }

    /// <summary>Insert-or-replace / insert-or-merge (unconditional); returns the new ETag.</summary>
    public async Task<string> UpsertAsync(TableRow entity, TableUpdateMode mode = TableUpdateMode.Replace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var sdkEntity = TableRowConversion.ToSdk(entity, NewWriteId());
        var attempts = new TableAttempts($"Upsert ({mode}) into {Name}");
        try
        {
            var response = await _calls.RunAsync(attempts, ct => _client.UpsertEntityAsync(sdkEntity, mode, ct), cancellationToken).ConfigureAwait(false);
            return RequireETag(response, attempts.Operation);
        }
        catch (RequestFailedException ex)
        {
            throw Failure(attempts.Operation, ex);
        }
    }

    /// <summary>
    /// Conditional update: succeeds only while the stored entity still has <paramref name="etag"/> ("*" for any);
    /// returns the new ETag. Throws <see cref="TableConcurrencyException"/> if the ETag no longer matches (412) or
    /// the entity is gone (404).
    /// </summary>
    public async Task<string> UpdateAsync(TableRow entity, string etag, TableUpdateMode mode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        RequireETagArgument(etag);
        var writeId = NewWriteId();
        var sdkEntity = TableRowConversion.ToSdk(entity, writeId);
        var attempts = new TableAttempts($"Update ({mode}) in {Name}");
        try
        {
            var response = await _calls.RunAsync(attempts, ct => _client.UpdateEntityAsync(sdkEntity, new ETag(etag), mode, ct), cancellationToken).ConfigureAwait(false);
            return RequireETag(response, attempts.Operation);
        }
        catch (RequestFailedException ex) when (IsConcurrencyFailure(ex))
        {
            if (attempts.EarlierAttemptAmbiguous
                && await OwnWriteETagAsync(entity.PartitionKey, entity.RowKey, writeId, cancellationToken).ConfigureAwait(false) is { } own)
                return own;
            throw new TableConcurrencyException((HttpStatusCode)ex.Status, ex.ErrorCode,
                TableCallPipeline.Describe($"{attempts.Operation} of {entity.Describe()} with ETag {etag}", (HttpStatusCode)ex.Status, ex.ErrorCode,
                    ex.Status == (int)HttpStatusCode.NotFound ? "the entity does not exist" : "the entity was changed by someone else (ETag mismatch)"), ex);
        }
        catch (RequestFailedException ex)
        {
            throw Failure(attempts.Operation, ex);
        }
    }

    /// <summary>The entity, or null if it does not exist. <paramref name="select"/> limits the properties returned.</summary>
    public async Task<TableRow?> GetAsync(string partitionKey, string rowKey, IReadOnlyCollection<string>? select = null, CancellationToken cancellationToken = default)
    {
        var entity = await GetSdkEntityAsync(partitionKey, rowKey, select is null ? null : SelectList(select), cancellationToken).ConfigureAwait(false);
        return entity is null ? null : TableRowConversion.FromSdk(entity);
    }

    /// <summary>Every entity matching the filter, following continuation tokens page by page.</summary>
    public async IAsyncEnumerable<TableRow> QueryAsync(TableFilter? filter = null, IReadOnlyCollection<string>? select = null, int? pageSize = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? continuation = null;
        do
        {
            var page = await QueryPageAsync(filter, select, pageSize, continuation, cancellationToken).ConfigureAwait(false);
            foreach (var entity in page.Entities)
                yield return entity;
            continuation = page.ContinuationToken;
        } while (continuation is not null);
    }

    /// <summary>
    /// One page of at most <paramref name="pageSize"/> (1-1000) entities. A page may be short or even empty while a
    /// continuation token is still returned (the service stops at partition boundaries and after 5 s); only a null
    /// <see cref="TablePage.ContinuationToken"/> means the end.
    /// </summary>
    public async Task<TablePage> QueryPageAsync(TableFilter? filter = null, IReadOnlyCollection<string>? select = null, int? pageSize = null,
        string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        if (pageSize is < 1 or > 1000)
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "pageSize must be between 1 and 1000 (the Table service maximum).");
        var selectList = select is null ? null : SelectList(select);
        var attempts = new TableAttempts($"Query {Name}");
        try
        {
            return await _calls.RunAsync(attempts, async ct =>
            {
                // One request per call: only the first page of the SDK's pageable is read.
                var pages = _client.QueryAsync<TableEntity>(filter?.Text, pageSize, selectList, ct).AsPages(continuationToken, pageSize);
                await foreach (var page in pages.ConfigureAwait(false))
                {
                    var entities = page.Values.Select(TableRowConversion.FromSdk).ToList();
                    return new TablePage(entities, string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
                }
                return new TablePage([], null);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            throw Failure(attempts.Operation, ex);
        }
    }

    /// <summary>
    /// Deletes the entity if it exists and (unless <paramref name="etag"/> is "*") still has that ETag. True if deleted,
    /// false if absent. Throws <see cref="TableConcurrencyException"/> if the ETag no longer matches.
    /// </summary>
    public async Task<bool> DeleteAsync(string partitionKey, string rowKey, string etag = "*", CancellationToken cancellationToken = default)
    {
        RequireETagArgument(etag);
        TableNames.ValidateKey(partitionKey, "PartitionKey");
        TableNames.ValidateKey(rowKey, "RowKey");
        var attempts = new TableAttempts($"Delete from {Name}");
        try
        {
            // The SDK answers 404 with the response rather than an exception; only a missing table is an error.
            var response = await _calls.RunAsync(attempts, ct => _client.DeleteEntityAsync(partitionKey, rowKey, new ETag(etag), ct), cancellationToken).ConfigureAwait(false);
            if (response.Status != (int)HttpStatusCode.NotFound)
                return true;
            if (IsTableNotFound(response))
                throw TableNotFound(attempts.Operation);
            return false;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            throw new TableConcurrencyException((HttpStatusCode)ex.Status, ex.ErrorCode,
                TableCallPipeline.Describe($"{attempts.Operation} with ETag {etag}", (HttpStatusCode)ex.Status, ex.ErrorCode,
                    "the entity was changed by someone else (ETag mismatch)"), ex);
        }
        catch (RequestFailedException ex)
        {
            throw Failure(attempts.Operation, ex);
        }
    }

    /// <summary>
    /// Applies up to 100 actions on one partition atomically (an entity group batch): all or nothing. Throws
    /// <see cref="TableBatchFailedException"/> naming the failing action if the service rejects any of them.
    /// </summary>
    public async Task<IReadOnlyList<TableBatchResult>> SubmitBatchAsync(IReadOnlyList<TableBatchAction> actions, CancellationToken cancellationToken = default)
    {
        ValidateBatch(actions);
        var writeId = NewWriteId();
        var sdkActions = actions.Select(action => ToSdk(action, writeId)).ToList();
        var attempts = new TableAttempts($"Batch of {actions.Count} action(s) on {Name}");
        try
        {
            var response = await _calls.RunAsync(attempts, ct => _client.SubmitTransactionAsync(sdkActions, ct), cancellationToken).ConfigureAwait(false);
            var parts = response.Value;
            if (parts.Count != actions.Count)
                throw new TableStorageException((HttpStatusCode)response.GetRawResponse().Status, null,
                    $"{attempts.Operation}: the service answered {parts.Count} parts for {actions.Count} actions.");
            return parts.Select((part, i) => new TableBatchResult(i, actions[i], (HttpStatusCode)part.Status,
                actions[i].Entity is null ? null : TableRowConversion.ETagOf(part))).ToList();
        }
        catch (TableTransactionFailedException ex)
        {
            if (attempts.EarlierAttemptAmbiguous && actions.FirstOrDefault(a => a.Entity is not null) is { } probe
                && await OwnWriteETagAsync(probe.PartitionKey, probe.RowKey, writeId, cancellationToken).ConfigureAwait(false) is not null)
                return await ResultsAfterOwnWriteAsync(actions, cancellationToken).ConfigureAwait(false);
            var index = ex.FailedTransactionActionIndex is { } i && i >= 0 && i < actions.Count ? i : (int?)null;
            var blame = index is { } j ? $"action {j} ({actions[j]})" : "an unnamed action";
            var uncertain = attempts.EarlierAttemptAmbiguous;
            throw new TableBatchFailedException((HttpStatusCode)ex.Status, ex.ErrorCode,
                TableCallPipeline.Describe($"{attempts.Operation}: {blame}", (HttpStatusCode)ex.Status, ex.ErrorCode, StripIndex(TableCallPipeline.FirstLine(ex.Message)))
                + " Nothing in the batch was applied" + (uncertain ? " by this attempt (an earlier, ambiguous attempt may have applied it)." : "."),
                index, index is { } k ? actions[k] : null, uncertain, ex);
        }
        catch (RequestFailedException ex)
        {
            throw Failure(attempts.Operation, ex);
        }
    }

    private static TableTransactionAction ToSdk(TableBatchAction action, string writeId)
    {
        var entity = action.Entity is null ? new TableEntity(action.PartitionKey, action.RowKey) : TableRowConversion.ToSdk(action.Entity, writeId);
        return action.Type switch
        {
            TableBatchActionType.Insert => new TableTransactionAction(TableTransactionActionType.Add, entity),
            TableBatchActionType.UpsertReplace => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity),
            TableBatchActionType.UpsertMerge => new TableTransactionAction(TableTransactionActionType.UpsertMerge, entity),
            TableBatchActionType.UpdateReplace => new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, new ETag(action.ETag!)),
            TableBatchActionType.UpdateMerge => new TableTransactionAction(TableTransactionActionType.UpdateMerge, entity, new ETag(action.ETag!)),
            _ => new TableTransactionAction(TableTransactionActionType.Delete, entity, new ETag(action.ETag!)),
        };
    }

    private static void ValidateBatch(IReadOnlyList<TableBatchAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count is 0 or > MaxBatchActions)
            throw new ArgumentException($"A batch needs 1-{MaxBatchActions} actions (got {actions.Count}).", nameof(actions));
        var partition = actions[0].PartitionKey;
        var rows = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i] ?? throw new ArgumentException($"Batch action {i} is null.", nameof(actions));
            if (!string.Equals(action.PartitionKey, partition, StringComparison.Ordinal))
                throw new ArgumentException(
                    $"Batch action {i} targets PartitionKey \"{TableNames.Printable(action.PartitionKey)}\" but action 0 targets \"{TableNames.Printable(partition)}\"; a batch must stay in one partition.",
                    nameof(actions));
            if (!rows.Add(action.RowKey))
                throw new ArgumentException($"Batch action {i} targets RowKey \"{TableNames.Printable(action.RowKey)}\" again; each entity may appear once.", nameof(actions));
        }
    }

    /// <summary>The service prefixes a batch failure's message with the failing action's index ("2:..."); the index is reported separately.</summary>
    private static string StripIndex(string message)
    {
        var colon = message.IndexOf(':');
        return colon > 0 && message[..colon].All(char.IsAsciiDigit) ? message[(colon + 1)..] : message;
    }

    private async Task<IReadOnlyList<TableBatchResult>> ResultsAfterOwnWriteAsync(IReadOnlyList<TableBatchAction> actions, CancellationToken cancellationToken)
    {
        var results = new List<TableBatchResult>(actions.Count);
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            var etag = action.Entity is null
                ? null
                : (await GetSdkEntityAsync(action.PartitionKey, action.RowKey, ["PartitionKey"], cancellationToken).ConfigureAwait(false)) is { } stored
                    ? stored.ETag.ToString()
                    : null;
            results.Add(new TableBatchResult(i, action, HttpStatusCode.NoContent, etag));
        }
        return results;
    }

    private static string NewWriteId() => Guid.NewGuid().ToString("N");

    /// <summary>The current ETag if the stored entity carries <paramref name="writeId"/> (i.e. our write landed), else null.</summary>
    private async Task<string?> OwnWriteETagAsync(string partitionKey, string rowKey, string writeId, CancellationToken cancellationToken)
    {
        var stored = await GetSdkEntityAsync(partitionKey, rowKey, ["PartitionKey", "RowKey", TableNames.WriteIdProperty], cancellationToken).ConfigureAwait(false);
        return stored is not null && TableRowConversion.WriteIdOf(stored) == writeId ? stored.ETag.ToString() : null;
    }

    private async Task<TableEntity?> GetSdkEntityAsync(string partitionKey, string rowKey, IReadOnlyList<string>? select, CancellationToken cancellationToken)
    {
        TableNames.ValidateKey(partitionKey, "PartitionKey");
        TableNames.ValidateKey(rowKey, "RowKey");
        var attempts = new TableAttempts($"Get from {Name}");
        try
        {
            var response = await _calls.RunAsync(attempts, ct => _client.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, select, ct), cancellationToken).ConfigureAwait(false);
            if (response.HasValue)
                return response.Value;
            if (IsTableNotFound(response.GetRawResponse()))
                throw TableNotFound(attempts.Operation);
            return null;
        }
        catch (RequestFailedException ex)
        {
            throw Failure(attempts.Operation, ex);
        }
    }

    private TableStorageException Failure(string operation, RequestFailedException ex)
        => ex.ErrorCode == "TableNotFound" ? TableNotFound(operation, ex) : TableCallPipeline.Failure(operation, ex);

    private TableStorageException TableNotFound(string operation, Exception? inner = null)
        => new(HttpStatusCode.NotFound, "TableNotFound",
            $"{operation} failed: table \"{Name}\" does not exist at {_client.Uri}; create it first (EntityTable.CreateIfNotExistsAsync).", inner);

    /// <summary>A 404 answered without an exception: the error code (header or odata.error body) tells a missing table from a missing entity.</summary>
    private static bool IsTableNotFound(Response response)
    {
        if (response.Headers.TryGetValue("x-ms-error-code", out var header))
            return header == "TableNotFound";
        try
        {
            using var document = JsonDocument.Parse(response.Content.ToMemory());
            return document.RootElement.TryGetProperty("odata.error", out var error)
                   && error.TryGetProperty("code", out var code) && code.GetString() == "TableNotFound";
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsConcurrencyFailure(RequestFailedException ex)
        => ex.Status == (int)HttpStatusCode.PreconditionFailed || (ex.Status == (int)HttpStatusCode.NotFound && ex.ErrorCode != "TableNotFound");

    private static IReadOnlyList<string> SelectList(IReadOnlyCollection<string> select)
    {
        var names = new List<string> { "PartitionKey", "RowKey" };
        foreach (var name in select)
        {
            if (name is not ("PartitionKey" or "RowKey" or "Timestamp"))
                TableNames.ValidatePropertyName(name);
            if (!names.Contains(name))
                names.Add(name);
        }
        return names;
    }

    private static string RequireETag(Response response, string operation)
        => TableRowConversion.ETagOf(response) ?? throw new TableStorageException((HttpStatusCode)response.Status, null, $"{operation} succeeded but the service returned no ETag.");

    private static void RequireETagArgument(string etag)
    {
        if (string.IsNullOrWhiteSpace(etag))
            throw new ArgumentException("An ETag is required: pass the entity's ETag as read, or \"*\" to match any version.", nameof(etag));
    }
}
