using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace ChainTrader.Adapters.Storage;

public enum TableTransactionActionType
{
    Insert,
    UpsertReplace,
    UpsertMerge,
    UpdateReplace,
    UpdateMerge,
    Delete,
}

/// <summary>One action of an entity group transaction. Build with the static factories.</summary>
public sealed class TableTransactionAction
{
    private TableTransactionAction(TableTransactionActionType type, string partitionKey, string rowKey, TableEntity? entity, string? etag)
    {
        Type = type;
        PartitionKey = partitionKey;
        RowKey = rowKey;
        Entity = entity;
        ETag = etag;
    }

    public TableTransactionActionType Type { get; }
    public string PartitionKey { get; }
    public string RowKey { get; }

    /// <summary>The entity written; null for deletes.</summary>
    public TableEntity? Entity { get; }

    /// <summary>The If-Match condition for updates and deletes ("*" = any version).</summary>
    public string? ETag { get; }

    public static TableTransactionAction Insert(TableEntity entity) => Write(TableTransactionActionType.Insert, entity, null);
    public static TableTransactionAction UpsertReplace(TableEntity entity) => Write(TableTransactionActionType.UpsertReplace, entity, null);
    public static TableTransactionAction UpsertMerge(TableEntity entity) => Write(TableTransactionActionType.UpsertMerge, entity, null);
    public static TableTransactionAction UpdateReplace(TableEntity entity, string etag) => Write(TableTransactionActionType.UpdateReplace, entity, RequireETag(etag));
    public static TableTransactionAction UpdateMerge(TableEntity entity, string etag) => Write(TableTransactionActionType.UpdateMerge, entity, RequireETag(etag));

    public static TableTransactionAction Delete(string partitionKey, string rowKey, string etag = "*")
    {
        TableNames.ValidateKey(partitionKey, nameof(PartitionKey));
        TableNames.ValidateKey(rowKey, nameof(RowKey));
        return new(TableTransactionActionType.Delete, partitionKey, rowKey, null, RequireETag(etag));
    }

    public override string ToString() => $"{Type} (PartitionKey \"{TableNames.Printable(PartitionKey)}\", RowKey \"{TableNames.Printable(RowKey)}\")";

    private static TableTransactionAction Write(TableTransactionActionType type, TableEntity entity, string? etag)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new(type, entity.PartitionKey, entity.RowKey, entity, etag);
    }

    private static string RequireETag(string etag) => string.IsNullOrWhiteSpace(etag)
        ? throw new ArgumentException("An ETag is required: the entity's ETag as read, or \"*\" for any version.", nameof(etag))
        : etag;
}

/// <summary>The outcome of one action of a committed transaction; <see cref="ETag"/> is null for deletes.</summary>
public sealed record TableTransactionResult(int Index, TableTransactionAction Action, HttpStatusCode Status, string? ETag);

/// <summary>
/// Entity group transactions: one OData $batch request holding a single change set (multipart/mixed inside
/// multipart/mixed), each part an embedded HTTP request. The service applies all parts or none; on failure it answers
/// with one part whose error message is prefixed by the zero-based index of the failing action ("2:...").
/// </summary>
internal static partial class TableTransaction
{
    private const int MaxActions = TableClient.MaxTransactionActions;
    private const string Crlf = "\r\n";

    public static async Task<IReadOnlyList<TableTransactionResult>> SubmitAsync(TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        Validate(actions);
        var writeId = TableClient.NewWriteId();
        var batchBoundary = "batch_" + Guid.NewGuid().ToString("D");
        var body = BuildBody(table, actions, writeId, batchBoundary, "changeset_" + Guid.NewGuid().ToString("D"));
        var operation = $"Transaction of {actions.Count} action(s) on {table.Name}";

        var response = await table.Transport.SendAsync(operation, () =>
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/mixed; boundary={batchBoundary}");
            return new HttpRequestMessage(HttpMethod.Post, $"{table.Root}/$batch") { Content = content };
        }, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess)
            throw table.Failure(operation, response);

        var parts = ParseResponse(response, operation);
        var failed = parts.FirstOrDefault(p => (int)p.Status >= 300);
        if (failed is null)
        {
            if (parts.Count != actions.Count)
                throw new TableStorageException(response.Status, null, $"{operation}: the service answered {parts.Count} parts for {actions.Count} actions.");
            return parts.Select((p, i) => new TableTransactionResult(i, actions[i], p.Status, p.ETag)).ToList();
        }

        if (response.EarlierAttemptAmbiguous && actions.FirstOrDefault(a => a.Entity is not null) is { } probe
            && await table.OwnWriteETagAsync(probe.PartitionKey, probe.RowKey, writeId, cancellationToken).ConfigureAwait(false) is not null)
            return await ResultsAfterOwnWriteAsync(table, actions, cancellationToken).ConfigureAwait(false);

        var (code, message) = TableTransport.ParseError(Encoding.UTF8.GetBytes(failed.Body));
        var index = FailedIndex(message, failed.ContentId, actions.Count);
        var detail = message is null ? null : IndexPrefix().Replace(message, "");
        var blame = index is { } i ? $"action {i} ({actions[i]})" : "an unnamed action";
        var uncertain = response.EarlierAttemptAmbiguous;
        throw new TableTransactionFailedException(failed.Status, code,
            TableTransport.Describe($"{operation}: {blame}", failed.Status, code, detail)
            + " Nothing in the transaction was applied" + (uncertain ? " by this attempt (an earlier, ambiguous attempt may have applied it)." : "."),
            index, index is { } j ? actions[j] : null, uncertain);
    }

    private static void Validate(IReadOnlyList<TableTransactionAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count is 0 or > MaxActions)
            throw new ArgumentException($"A transaction needs 1-{MaxActions} actions (got {actions.Count}).", nameof(actions));
        var partition = actions[0].PartitionKey;
        var rows = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i] ?? throw new ArgumentException($"Transaction action {i} is null.", nameof(actions));
            if (!string.Equals(action.PartitionKey, partition, StringComparison.Ordinal))
                throw new ArgumentException(
                    $"Transaction action {i} targets PartitionKey \"{TableNames.Printable(action.PartitionKey)}\" but action 0 targets \"{TableNames.Printable(partition)}\"; a transaction must stay in one partition.",
                    nameof(actions));
            if (!rows.Add(action.RowKey))
                throw new ArgumentException($"Transaction action {i} targets RowKey \"{TableNames.Printable(action.RowKey)}\" again; each entity may appear once.", nameof(actions));
        }
    }

    private static byte[] BuildBody(TableClient table, IReadOnlyList<TableTransactionAction> actions, string writeId, string batchBoundary, string changesetBoundary)
    {
        var text = new StringBuilder();
        text.Append("--").Append(batchBoundary).Append(Crlf)
            .Append("Content-Type: multipart/mixed; boundary=").Append(changesetBoundary).Append(Crlf).Append(Crlf);
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            var (method, url) = action.Type switch
            {
                TableTransactionActionType.Insert => ("POST", $"{table.Root}/{table.Name}"),
                TableTransactionActionType.UpsertReplace or TableTransactionActionType.UpdateReplace => ("PUT", table.EntityUrl(action.PartitionKey, action.RowKey)),
                TableTransactionActionType.UpsertMerge or TableTransactionActionType.UpdateMerge => ("MERGE", table.EntityUrl(action.PartitionKey, action.RowKey)),
                _ => ("DELETE", table.EntityUrl(action.PartitionKey, action.RowKey)),
            };
            text.Append("--").Append(changesetBoundary).Append(Crlf)
                .Append("Content-Type: application/http").Append(Crlf)
                .Append("Content-Transfer-Encoding: binary").Append(Crlf).Append(Crlf)
                .Append(method).Append(' ').Append(url).Append(" HTTP/1.1").Append(Crlf)
                .Append("Accept: application/json;odata=minimalmetadata").Append(Crlf)
                .Append("DataServiceVersion: 3.0").Append(Crlf)
                .Append("Content-ID: ").Append(i + 1).Append(Crlf);
            if (action.ETag is not null)
                text.Append("If-Match: ").Append(action.ETag).Append(Crlf);
            if (action.Entity is not null)
            {
                if (action.Type == TableTransactionActionType.Insert)
                    text.Append("Prefer: return-no-content").Append(Crlf);
                text.Append("Content-Type: application/json").Append(Crlf).Append(Crlf)
                    .Append(Encoding.UTF8.GetString(TableEntityJson.Serialize(action.Entity, writeId))).Append(Crlf);
            }
            else
            {
                text.Append(Crlf);
            }
        }
        text.Append("--").Append(changesetBoundary).Append("--").Append(Crlf)
            .Append("--").Append(batchBoundary).Append("--").Append(Crlf);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private sealed record ResponsePart(HttpStatusCode Status, string? ETag, int? ContentId, string Body);

    private static List<ResponsePart> ParseResponse(TableResponse response, string operation)
    {
        var outerBoundary = Boundary(response.ContentHeaders.ContentType, operation);
        var text = Encoding.UTF8.GetString(response.Body);
        var parts = new List<ResponsePart>();
        foreach (var outer in SplitParts(text, outerBoundary))
        {
            var (outerHeaders, outerBody) = SplitHeaders(outer);
            var contentType = outerHeaders.GetValueOrDefault("Content-Type");
            if (contentType is not null && contentType.StartsWith("multipart/mixed", StringComparison.OrdinalIgnoreCase))
            {
                var inner = Boundary(MediaTypeHeaderValue.Parse(contentType), operation);
                parts.AddRange(SplitParts(outerBody, inner).Select(p => ParseHttpPart(p, operation)));
            }
            else
            {
                parts.Add(ParseHttpPart(outer, operation));
            }
        }
        if (parts.Count == 0)
            throw new TableStorageException(response.Status, null, $"{operation}: the service's batch response holds no parts.");
        return parts;
    }

    // Each part: MIME headers, blank line, then "HTTP/1.1 <status> <reason>", HTTP headers, blank line, body.
    private static ResponsePart ParseHttpPart(string part, string operation)
    {
        var (_, http) = SplitHeaders(part);
        var statusLine = http.Split('\n', 2)[0].Trim();
        var match = StatusLine().Match(statusLine);
        if (!match.Success)
            throw new TableStorageException(0, null, $"{operation}: unreadable status line in batch response part: \"{statusLine}\".");
        var (headers, body) = SplitHeaders(http[(http.IndexOf('\n') + 1)..]);
        return new ResponsePart(
            (HttpStatusCode)int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
            headers.GetValueOrDefault("ETag"),
            int.TryParse(headers.GetValueOrDefault("Content-ID"), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null,
            body.Trim());
    }

    private static IEnumerable<string> SplitParts(string text, string boundary)
    {
        var delimiter = "--" + boundary;
        var segments = text.Split(delimiter);
        // segments[0] is the preamble; a segment starting with "--" follows the closing delimiter.
        foreach (var segment in segments.Skip(1))
        {
            if (segment.StartsWith("--", StringComparison.Ordinal))
                yield break;
            yield return segment.TrimStart('\r', '\n');
        }
    }

    private static (Dictionary<string, string> Headers, string Body) SplitHeaders(string text)
    {
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var end = normalized.IndexOf("\n\n", StringComparison.Ordinal);
        var head = end < 0 ? normalized : normalized[..end];
        var body = end < 0 ? "" : normalized[(end + 2)..];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in head.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':');
            if (colon > 0)
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        return (headers, body);
    }

    private static string Boundary(MediaTypeHeaderValue? contentType, string operation)
        => contentType?.Parameters.FirstOrDefault(p => p.Name.Equals("boundary", StringComparison.OrdinalIgnoreCase))?.Value?.Trim('"')
           ?? throw new TableStorageException(0, null, $"{operation}: the batch response has no multipart boundary (Content-Type \"{contentType}\").");

    private static int? FailedIndex(string? message, int? contentId, int count)
    {
        if (message is not null && IndexPrefix().Match(message) is { Success: true } match
            && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < count)
            return index;
        return contentId is { } id && id >= 1 && id <= count ? id - 1 : null;
    }

    private static async Task<IReadOnlyList<TableTransactionResult>> ResultsAfterOwnWriteAsync(TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        var results = new List<TableTransactionResult>(actions.Count);
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            var etag = action.Entity is null ? null : (await table.GetAsync(action.PartitionKey, action.RowKey, ["PartitionKey"], cancellationToken).ConfigureAwait(false))?.ETag;
            results.Add(new TableTransactionResult(i, action, HttpStatusCode.NoContent, etag));
        }
        return results;
    }

    [GeneratedRegex(@"^HTTP/\d\.\d (\d{3})")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^(\d+):")]
    private static partial Regex IndexPrefix();
}
