using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ChainTrader.Adapters.Storage;

/// <summary>A buffered Table service response.</summary>
internal sealed class TableResponse(HttpStatusCode status, HttpResponseHeaders headers, HttpContentHeaders contentHeaders, byte[] body, bool earlierAttemptAmbiguous)
{
    public HttpStatusCode Status { get; } = status;
    public byte[] Body { get; } = body;
    public HttpContentHeaders ContentHeaders { get; } = contentHeaders;

    /// <summary>
    /// An earlier attempt of this request failed in a way that leaves its effect unknown (timeout, connection loss,
    /// 5xx): the service may have applied it, so a conflict now may be our own earlier write.
    /// </summary>
    public bool EarlierAttemptAmbiguous { get; } = earlierAttemptAmbiguous;

    public bool IsSuccess => (int)Status is >= 200 and < 300;

    public string? Header(string name) => headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    public string? ETag => headers.ETag?.ToString() ?? Header("ETag");
}

/// <summary>
/// Sends Table service requests: common headers, authorization (re-signed per attempt), and Polly retries for
/// throttling and transient faults only. 400/403/404/409/412 are answers, never retried.
/// </summary>
internal sealed partial class TableTransport
{
    public const string ServiceVersion = "2019-02-02";

    private readonly HttpClient _http;
    private readonly TableRequestAuthorizer _authorizer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private static readonly ResiliencePropertyKey<AttemptLog> AttemptLogKey = new("chaintrader.table.attempts");

    public TableTransport(HttpClient http, TableRequestAuthorizer authorizer, TableClientOptions options, TimeProvider time, ILogger logger)
    {
        options.Validate();
        _http = http;
        _authorizer = authorizer;
        _time = time;
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(options.MaxRetryAttempts, 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                ShouldHandle = args => ValueTask.FromResult(options.MaxRetryAttempts > 0 && !TableRetryScope.Suppressed && IsTransient(args.Outcome, args.Context.CancellationToken)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options.RetryMaxDelay)),
                OnRetry = args =>
                {
                    var log = args.Context.Properties.GetValue(AttemptLogKey, null!);
                    // 429 means the service refused the request unexecuted; anything else may have been applied.
                    if (args.Outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests)
                        log.Ambiguous = true;
                    LogRetry(_logger, log.Operation, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds,
                        args.Outcome.Result is { } r ? ((int)r.StatusCode).ToString(CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name ?? "?");
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    public async Task<TableResponse> SendAsync(string operation, Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        var log = new AttemptLog(operation);
        context.Properties.Set(AttemptLogKey, log);
        try
        {
            using var response = await _pipeline.ExecuteAsync(async (ctx, state) =>
            {
                state.Attempts++;
                using var request = createRequest();
                request.Headers.TryAddWithoutValidation("x-ms-version", ServiceVersion);
                request.Headers.TryAddWithoutValidation("x-ms-date", _time.GetUtcNow().ToString("R", CultureInfo.InvariantCulture));
                request.Headers.TryAddWithoutValidation("DataServiceVersion", "3.0");
                request.Headers.TryAddWithoutValidation("MaxDataServiceVersion", "3.0;NetFx");
                if (request.Headers.Accept.Count == 0)
                    request.Headers.Accept.ParseAdd("application/json;odata=minimalmetadata");
                await _authorizer.AuthorizeAsync(request, ctx.CancellationToken).ConfigureAwait(false);
                var sent = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ctx.CancellationToken).ConfigureAwait(false);
                return sent;
            }, context, log).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return new TableResponse(response.StatusCode, response.Headers, response.Content.Headers, body, log.Ambiguous && log.Attempts > 1);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new TableStorageException(0, ex is HttpRequestException ? "ConnectionFailed" : "Timeout",
                $"{operation} got no answer from the Table service after {log.Attempts} attempt(s): {ex.Message}", ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome, CancellationToken callerToken) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        // HttpClient.Timeout surfaces as a cancellation the caller did not ask for.
        { Exception: OperationCanceledException } => !callerToken.IsCancellationRequested,
        { Result: { } response } => response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
            or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable
            or HttpStatusCode.GatewayTimeout,
        _ => false,
    };

    private TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan maxDelay)
    {
        if (response?.Headers.RetryAfter is not { } retryAfter)
            return null;
        var delay = retryAfter.Delta ?? (retryAfter.Date - _time.GetUtcNow());
        if (delay is not { } wait || wait <= TimeSpan.Zero)
            return null;
        return wait < maxDelay ? wait : maxDelay;
    }

    /// <summary>Builds the exception for a failed response from the odata.error body (or x-ms-error-code).</summary>
    public static TableStorageException Error(string operation, TableResponse response)
    {
        var (code, message) = ParseError(response.Body);
        code ??= response.Header("x-ms-error-code");
        return new TableStorageException(response.Status, code, Describe(operation, response.Status, code, message));
    }

    public static string Describe(string operation, HttpStatusCode status, string? code, string? message)
        => $"{operation} failed: {(int)status} {status}{(code is null ? "" : " " + code)}{(string.IsNullOrEmpty(message) ? "" : ": " + message)}";

    /// <summary>The service error code and the first line of its message (the rest is RequestId/Time).</summary>
    public static (string? Code, string? Message) ParseError(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
            return (null, null);
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            if (!document.RootElement.TryGetProperty("odata.error", out var error))
                return (null, null);
            var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
            var message = error.TryGetProperty("message", out var m)
                ? m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v) ? v.GetString() : m.GetString()
                : null;
            return (code, message?.Split('\n', 2)[0].Trim());
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Table storage {Operation}: retry {Retry} in {DelayMs:F0} ms after {Outcome}")]
    private static partial void LogRetry(ILogger logger, string operation, int retry, double delayMs, string outcome);

    private sealed class AttemptLog(string operation)
    {
        public string Operation { get; } = operation;
        public int Attempts { get; set; }
        public bool Ambiguous { get; set; }
    }
}
