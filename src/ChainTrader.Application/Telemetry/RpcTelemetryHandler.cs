using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Telemetry;

/// <summary>
/// On the "rpc" HttpClient: a client span per JSON-RPC HTTP exchange, the RPC latency histogram, the API error counter
/// and a warning over LATENCY_WARN_MS. Records the endpoint's host and port only: RPC URLs carry API keys in their path
/// or query, so the path is never recorded. The JSON-RPC method names are read from the request body, which the client
/// has already buffered; parameters are never recorded.
/// </summary>
public sealed class RpcTelemetryHandler(TimeProvider clock, IOptions<TelemetryOptions> options, ILogger<RpcTelemetryHandler> logger) : DelegatingHandler
{
    /// <summary>Method-name tag of a batch request (its span carries the distinct method names instead).</summary>
    public const string BatchMethod = "batch";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri;
        var host = uri?.Host ?? "";
        var port = uri?.Port ?? 0;
        var (method, methods) = await MethodsAsync(request.Content, cancellationToken).ConfigureAwait(false);

        using var activity = ChainTraderTelemetry.ActivitySource.StartActivity(method, ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag(TelemetryTags.RpcSystem, "jsonrpc");
            activity.SetTag(TelemetryTags.RpcMethod, methods);
            activity.SetTag(TelemetryTags.ServerAddress, host);
            activity.SetTag(TelemetryTags.ServerPort, port);
        }

        var started = clock.GetTimestamp();
        string? errorType = null;
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            activity?.SetTag(TelemetryTags.HttpStatusCode, (int)response.StatusCode);
            if (!response.IsSuccessStatusCode) errorType = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            return response;
        }
        catch (Exception ex)
        {
            // Per-request timeouts arrive as cancellations of the pool's own token: they are API errors too.
            errorType = ex.GetType().FullName ?? ex.GetType().Name;
            throw;
        }
        finally
        {
            var elapsed = clock.GetElapsedTime(started);
            var serverTag = new KeyValuePair<string, object?>(TelemetryTags.ServerAddress, host);
            ChainTraderTelemetry.RpcLatency.Record(elapsed.TotalSeconds, serverTag, new(TelemetryTags.RpcMethod, method));
            if (errorType is not null)
            {
                ChainTraderTelemetry.ExchangeApiErrors.Add(1, serverTag, new(TelemetryTags.ErrorType, errorType));
                activity?.SetTag(TelemetryTags.ErrorType, errorType);
                activity?.SetStatus(ActivityStatusCode.Error, errorType);
            }
            if (elapsed >= options.Value.LatencyWarnThreshold)
                logger.LogWarning("RPC {RpcMethod} to {RpcHost} took {ElapsedMs:F0} ms (LATENCY_WARN_MS {ThresholdMs})",
                    methods, host, elapsed.TotalMilliseconds, options.Value.LatencyWarnMs);
        }
    }

    /// <summary>The span/metric method name and the span's method list: "eth_call", or "batch" and "eth_chainId,eth_blockNumber".</summary>
    private static async Task<(string Method, string Methods)> MethodsAsync(HttpContent? content, CancellationToken cancellationToken)
    {
        if (content is null) return ("unknown", "unknown");
        var body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var names = new List<string>();
        var isBatch = false;
        try
        {
            var reader = new Utf8JsonReader(body);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.StartArray && reader.CurrentDepth == 0) isBatch = true;
                var callDepth = isBatch ? 2 : 1;
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == callDepth && reader.ValueTextEquals("method"u8)
                    && reader.Read() && reader.TokenType == JsonTokenType.String)
                {
                    var name = reader.GetString()!;
                    if (!names.Contains(name)) names.Add(name);
                }
                else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= callDepth)
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return ("unknown", "unknown");
        }
        if (names.Count == 0) return ("unknown", "unknown");
        return (isBatch ? BatchMethod : names[0], string.Join(',', names));
    }
}
