using System.Globalization;
using System.Net;
using System.Text.Json;
using Azure;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ChainTrader.Adapters.Storage;

/// <summary>What the attempts of one call saw; an ambiguous earlier attempt makes a later refusal possibly our own echo.</summary>
internal sealed class TableAttempts(string operation)
{
    public string Operation { get; } = operation;
    public int Count { get; set; }

    /// <summary>An attempt failed in a way that leaves its effect unknown (timeout, connection loss, 5xx).</summary>
    public bool Ambiguous { get; set; }

    /// <summary>The attempt that produced the final answer followed one whose effect is unknown.</summary>
    public bool EarlierAttemptAmbiguous => Ambiguous && Count > 1;
}

/// <summary>
/// Runs SDK calls under our Polly retry and per-attempt timeout. The SDK's own retries are off (see
/// <see cref="TableAccount"/>): they would hide whether an earlier attempt may have applied a write. Throttling (429) and
/// transient faults (408, 5xx, timeouts, connection errors) are retried; 400/403/404/409/412 are answers and come back
/// to the caller as <see cref="RequestFailedException"/>. No answer at all becomes a <see cref="TableStorageException"/>
/// with status 0.
/// </summary>
internal sealed partial class TableCallPipeline
{
    private static readonly ResiliencePropertyKey<TableAttempts> AttemptsKey = new("chaintrader.table.attempts");

    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public TableCallPipeline(TableStorageOptions options, TimeProvider time, ILogger logger)
    {
        new TableStorageOptionsValidator().ThrowIfInvalid(options);
        _time = time;
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(options.MaxRetryAttempts, 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                ShouldHandle = args => ValueTask.FromResult(options.MaxRetryAttempts > 0 && !TableRetryScope.Suppressed
                                                            && IsTransient(args.Outcome.Exception, args.Context.CancellationToken)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Exception, options.RetryMaxDelay)),
                OnRetry = args =>
                {
                    var attempts = args.Context.Properties.GetValue(AttemptsKey, null!);
                    // 429 means the service refused the request unexecuted; anything else may have been applied.
                    if (args.Outcome.Exception is not RequestFailedException { Status: (int)HttpStatusCode.TooManyRequests })
                        attempts.Ambiguous = true;
                    LogRetry(_logger, attempts.Operation, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, Describe(args.Outcome.Exception));
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    public async Task<T> RunAsync<T>(TableAttempts attempts, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(AttemptsKey, attempts);
        try
        {
            return await _pipeline.ExecuteAsync(async (ctx, state) =>
            {
                state.Count++;
                return await call(ctx.CancellationToken).ConfigureAwait(false);
            }, context, attempts).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsNoAnswer(ex, cancellationToken))
        {
            throw new TableStorageException(0, ex is TimeoutRejectedException or OperationCanceledException ? "Timeout" : "ConnectionFailed",
                $"{attempts.Operation} got no answer from the Table service after {attempts.Count} attempt(s): {FirstLine(ex.Message)}", ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The project's exception for a refusal the caller did not handle itself.</summary>
    public static TableStorageException Failure(string operation, RequestFailedException ex)
    {
        var code = ErrorCode(ex);
        return new((HttpStatusCode)ex.Status, code, Describe(operation, (HttpStatusCode)ex.Status, code, FirstLine(ex.Message)), ex);
    }

    /// <summary>
    /// The service's error code. The SDK reads it from a JSON odata.error body; some refusals (e.g. a bad signature)
    /// carry it only in the x-ms-error-code header or an XML body.
    /// </summary>
    public static string? ErrorCode(RequestFailedException ex)
    {
        if (ex.ErrorCode is { } code)
            return code;
        if (ex.GetRawResponse() is not { } response)
            return null;
        if (response.Headers.TryGetValue("x-ms-error-code", out var header) && !string.IsNullOrEmpty(header))
            return header;
        var body = response.Content?.ToString();
        if (string.IsNullOrEmpty(body))
            return null;
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("odata.error", out var error) && error.TryGetProperty("code", out var c) ? c.GetString() : null;
        }
        catch (JsonException)
        {
            var start = body.IndexOf("<Code>", StringComparison.Ordinal);
            var end = start < 0 ? -1 : body.IndexOf("</Code>", start, StringComparison.Ordinal);
            return end > start ? body[(start + "<Code>".Length)..end] : null;
        }
    }

    public static string Describe(string operation, HttpStatusCode status, string? code, string? message)
        => $"{operation} failed: {(int)status} {status}{(code is null ? "" : " " + code)}{(string.IsNullOrEmpty(message) ? "" : ": " + message)}";

    /// <summary>The SDK's message starts with the service's own line; the rest is request ids, status and headers.</summary>
    public static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private static bool IsNoAnswer(Exception ex, CancellationToken callerToken) => ex switch
    {
        TimeoutRejectedException => true,
        RequestFailedException { Status: 0 } => true,
        // The SDK's network timeout surfaces as a cancellation the caller did not ask for.
        OperationCanceledException => !callerToken.IsCancellationRequested,
        _ => false,
    };

    private static bool IsTransient(Exception? exception, CancellationToken callerToken) => exception switch
    {
        null => false,
        RequestFailedException { Status: 0 } => true,
        RequestFailedException failed => failed.Status is (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests
            or (int)HttpStatusCode.InternalServerError or (int)HttpStatusCode.BadGateway or (int)HttpStatusCode.ServiceUnavailable
            or (int)HttpStatusCode.GatewayTimeout,
        TimeoutRejectedException => true,
        OperationCanceledException => !callerToken.IsCancellationRequested,
        _ => false,
    };

    private TimeSpan? RetryAfter(Exception? exception, TimeSpan maxDelay)
    {
        if (exception is not RequestFailedException failed || failed.GetRawResponse() is not { } response
            || !response.Headers.TryGetValue("Retry-After", out var header) || string.IsNullOrWhiteSpace(header))
            return null;
        TimeSpan wait;
        if (int.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            wait = TimeSpan.FromSeconds(seconds);
        else if (DateTimeOffset.TryParse(header, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            wait = date - _time.GetUtcNow();
        else
            return null;
        if (wait <= TimeSpan.Zero)
            return null;
        return wait < maxDelay ? wait : maxDelay;
    }

    private static string Describe(Exception? exception) => exception switch
    {
        RequestFailedException { Status: not 0 } failed => failed.Status.ToString(CultureInfo.InvariantCulture),
        { } other => other.GetType().Name,
        null => "?",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Table storage {Operation}: retry {Retry} in {DelayMs:F0} ms after {Outcome}")]
    private static partial void LogRetry(ILogger logger, string operation, int retry, double delayMs, string outcome);
}
