using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nethereum.JsonRpc.Client.RpcMessages;

namespace ChainTrader.Adapters.Rpc;

/// <summary>
/// JSON-RPC 2.0 over HTTP POST to one endpoint, with Nethereum's request and response messages on the wire. Failures are
/// classified so a pool can tell endpoint faults (<see cref="RpcTransportException"/>, <see cref="RpcMalformedResponseException"/>)
/// from answers that are JSON-RPC errors (<see cref="JsonRpcErrorException"/>).
/// </summary>
public sealed class JsonRpcClient : IRpcChannel
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");

    private readonly HttpClient _http;
    private long _nextId;

    public JsonRpcClient(HttpClient http, Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https"))
            throw new ArgumentException($"RPC endpoint must be an absolute http(s) URI, got {RpcEndpointUrl.Redact(endpoint)}.", nameof(endpoint));
        _http = http;
        Endpoint = endpoint;
        RedactedEndpoint = RpcEndpointUrl.Redact(endpoint);
    }

    public Uri Endpoint { get; }

    /// <summary>The endpoint as it may be logged or shown.</summary>
    public string RedactedEndpoint { get; }

    public async Task<T> CallAsync<T>(RpcCall<T> call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        var (id, request) = Message(call.Method, call.Parameters);
        var body = await PostAsync(Serialize(request), call.Method, cancellationToken).ConfigureAwait(false);
        var response = Deserialize<RpcResponseMessage>(body, call.Method);
        if (!IdIs(response.Id, id))
            throw Malformed($"{call.Method}: response id {DescribeId(response.Id)} does not match request id {id}");
        return call.Parse(ResultOrThrow(response, call.Method), RedactedEndpoint);
    }

    public async Task SendBatchAsync(RpcBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var items = batch.Items;
        if (items.Count == 0) return; // JSON-RPC 2.0 rejects an empty array; nothing to do.

        var messages = items.Select(item => Message(item.Method, item.Parameters)).ToArray();
        var what = $"batch of {items.Count} ({string.Join(", ", items.Select(i => i.Method).Distinct())})";
        var body = await PostAsync(Serialize(messages.Select(m => m.Request).ToArray()), what, cancellationToken).ConfigureAwait(false);

        // A server that rejects the batch as a whole answers with a single error object instead of an array.
        var trimmed = body.AsSpan().TrimStart(" \t\r\n"u8);
        if (trimmed.Length > 0 && trimmed[0] == (byte)'{')
        {
            var single = Deserialize<RpcResponseMessage>(body, what);
            ResultOrThrow(single, what);
            throw Malformed($"{what}: expected an array of responses, got a single object");
        }

        var responses = Deserialize<RpcResponseMessage?[]>(body, what);
        var byId = new Dictionary<long, RpcResponseMessage>(responses.Length);
        foreach (var response in responses)
        {
            if (!TryGetId(response?.Id, out var id))
                throw Malformed($"{what}: a response has no numeric id ({DescribeId(response?.Id)})");
            if (!byId.TryAdd(id, response!)) throw Malformed($"{what}: id {id} answered twice");
        }

        // Parse everything before touching the items so a malformed answer leaves the batch unanswered as a whole.
        var outcomes = new (object? Parsed, JsonRpcErrorException? Error)[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var method = items[i].Method;
            if (!byId.Remove(messages[i].Id, out var response))
                throw Malformed($"{what}: no response for id {messages[i].Id} ({method})");
            if (response.Error is not null)
            {
                var error = ToException(response.Error, method);
                // A rate limit or similar on any call means this endpoint cannot serve the batch.
                if (error.IsEndpointFault) throw error;
                outcomes[i] = (null, error);
            }
            else
            {
                outcomes[i] = (items[i].Parse(RequireResult(response, method), RedactedEndpoint), null);
            }
        }
        if (byId.Count > 0) throw Malformed($"{what}: responses with unknown ids {string.Join(", ", byId.Keys)}");

        for (var i = 0; i < items.Count; i++) items[i].Complete(outcomes[i].Parsed, outcomes[i].Error);
        batch.AnsweredBy = RedactedEndpoint;
    }

    private (long Id, RpcRequestMessage Request) Message(string method, JsonArray parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        return (id, new RpcRequestMessage(id, method, parameters.Cast<object?>().ToArray()));
    }

    private static byte[] Serialize<T>(T message) => JsonSerializer.SerializeToUtf8Bytes(message, NethereumJson.Options);

    private async Task<byte[]> PostAsync(byte[] payload, string what, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(payload);
        content.Headers.ContentType = JsonMediaType;
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new RpcTransportException(RedactedEndpoint, $"{what}: request to {RedactedEndpoint} failed: {e.Message}", inner: e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Not our token: HttpClient's own timeout fired.
            throw new RpcTransportException(RedactedEndpoint, $"{what}: {RedactedEndpoint} did not answer within the HttpClient timeout", inner: e);
        }

        using (response)
        {
            byte[] body;
            try
            {
                body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new RpcTransportException(RedactedEndpoint, $"{what}: reading the answer from {RedactedEndpoint} failed: {e.Message}", inner: e);
            }

            var status = response.StatusCode;
            // 429, 408 and 5xx say the endpoint cannot serve now whatever the body says. Other 4xx answers are passed on when
            // they carry JSON-RPC (some providers send errors with 400); otherwise they fail below as malformed or transport.
            if (status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500
                || (!response.IsSuccessStatusCode && !LooksLikeJson(body)))
            {
                throw new RpcTransportException(RedactedEndpoint,
                    $"{what}: {RedactedEndpoint} answered HTTP {(int)status} {response.ReasonPhrase}: {Snippet(body)}", status);
            }
            return body;
        }
    }

    private T Deserialize<T>(byte[] body, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, NethereumJson.Options) ?? throw Malformed($"{what}: the answer is JSON null");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw Malformed($"{what}: the answer is not valid JSON-RPC ({e.Message}): {Snippet(body)}", e);
        }
    }

    private JsonElement ResultOrThrow(RpcResponseMessage response, string method)
    {
        if (response.Error is not null) throw ToException(response.Error, method);
        return RequireResult(response, method);
    }

    /// <summary>
    /// The result as read by System.Text.Json: JSON null (ValueKind Null) stays apart from a missing member (Undefined), which
    /// matters for "not found" answers such as a receipt of an unknown transaction.
    /// </summary>
    private JsonElement RequireResult(RpcResponseMessage response, string method)
    {
        if (response.JsonRpcVersion != "2.0") throw Malformed($"{method}: response has jsonrpc \"{response.JsonRpcVersion}\", expected \"2.0\"");
        if (response.ResultSystemTextJson.ValueKind == JsonValueKind.Undefined) throw Malformed($"{method}: response has neither result nor error");
        return response.ResultSystemTextJson;
    }

    private JsonRpcErrorException ToException(RpcError error, string method) =>
        new(method, RedactedEndpoint, error.Code, error.Message ?? "(no message)", error.Data is JsonElement data ? data.Clone() : null);

    private RpcMalformedResponseException Malformed(string message, Exception? inner = null) =>
        new(RedactedEndpoint, $"{RedactedEndpoint}: {message}", inner);

    private static bool IdIs(object? id, long expected) => TryGetId(id, out var value) && value == expected;

    private static bool TryGetId(object? id, out long value)
    {
        value = 0;
        return id is JsonElement { ValueKind: JsonValueKind.Number } number && number.TryGetInt64(out value);
    }

    private static string DescribeId(object? id) => id is JsonElement element ? element.GetRawText() : "missing";

    private static bool LooksLikeJson(byte[] body)
    {
        var trimmed = body.AsSpan().TrimStart(" \t\r\n"u8);
        return trimmed.Length > 0 && (trimmed[0] == (byte)'{' || trimmed[0] == (byte)'[');
    }

    private static string Snippet(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 200)).ReplaceLineEndings(" ");
        return body.Length > 200 ? text + "..." : text;
    }
}
