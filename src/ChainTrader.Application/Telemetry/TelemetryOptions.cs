using ChainTrader.Application.Configuration;

namespace ChainTrader.Application.Telemetry;

/// <summary>
/// Telemetry settings. The OTLP ones carry the OpenTelemetry specification's standard names, so the same app settings
/// configure the Functions host's own OpenTelemetry output; exporting is off unless an endpoint is set.
/// </summary>
public sealed class TelemetryOptions
{
    public const string HttpProtobuf = "http/protobuf";
    public const string Grpc = "grpc";

    /// <summary>OTLP base endpoint (e.g. http://127.0.0.1:4318 for a local collector). Empty: nothing is exported.</summary>
    [ConfigurationKeyName("OTEL_EXPORTER_OTLP_ENDPOINT")]
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>http/protobuf</c> (the specification's default) or <c>grpc</c>.</summary>
    [ConfigurationKeyName("OTEL_EXPORTER_OTLP_PROTOCOL")]
    public string OtlpProtocol { get; set; } = HttpProtobuf;

    /// <summary>Headers sent with every export, <c>key1=value1,key2=value2</c> (values may be URL-encoded). Secret: never logged.</summary>
    [ConfigurationKeyName("OTEL_EXPORTER_OTLP_HEADERS"), SecretSetting]
    public string? OtlpHeaders { get; set; }

    /// <summary>
    /// Application Insights connection string (<c>InstrumentationKey=…;IngestionEndpoint=…</c>). Set: traces, metrics and logs
    /// also go to Azure Monitor (OTLP unaffected). Treated as a secret: never logged.
    /// </summary>
    [ConfigurationKeyName("APPLICATIONINSIGHTS_CONNECTION_STRING"), SecretSetting]
    public string? ApplicationInsightsConnectionString { get; set; }

    [ConfigurationKeyName("OTEL_SERVICE_NAME")]
    public string ServiceName { get; set; } = "chaintrader";

    /// <summary>Milliseconds between metric exports (the specification's default, 60 s).</summary>
    [ConfigurationKeyName("OTEL_METRIC_EXPORT_INTERVAL")]
    public int MetricExportIntervalMs { get; set; } = 60_000;

    /// <summary>Webhook answers and RPC exchanges slower than this are logged as warnings.</summary>
    [ConfigurationKeyName("LATENCY_WARN_MS")]
    public int LatencyWarnMs { get; set; } = 2000;

    public bool ExportEnabled => !string.IsNullOrWhiteSpace(OtlpEndpoint);

    public bool AzureMonitorEnabled => !string.IsNullOrWhiteSpace(ApplicationInsightsConnectionString);

    /// <summary>The connection string's IngestionEndpoint, if it names one (Azure Monitor's global endpoint otherwise).</summary>
    public Uri? IngestionEndpoint()
    {
        foreach (var part in (ApplicationInsightsConnectionString ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = part.IndexOf('=', StringComparison.Ordinal);
            if (separator > 0 && part[..separator].Trim().Equals("IngestionEndpoint", StringComparison.OrdinalIgnoreCase)
                && Uri.TryCreate(part[(separator + 1)..].Trim(), UriKind.Absolute, out var endpoint))
                return endpoint;
        }
        return null;
    }

    public TimeSpan LatencyWarnThreshold => TimeSpan.FromMilliseconds(LatencyWarnMs);

    /// <summary>The header pairs; throws <see cref="FormatException"/> naming the bad entry by position (never its value).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ParseHeaders()
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrWhiteSpace(OtlpHeaders)) return headers;
        var entries = OtlpHeaders.Split(',', StringSplitOptions.TrimEntries);
        for (var i = 0; i < entries.Length; i++)
        {
            var separator = entries[i].IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
                throw new FormatException($"OTEL_EXPORTER_OTLP_HEADERS: entry {i + 1} is not key=value.");
            var key = Uri.UnescapeDataString(entries[i][..separator].Trim());
            var value = Uri.UnescapeDataString(entries[i][(separator + 1)..].Trim());
            if (key.Length == 0 || key.Any(c => c <= ' ' || c >= 127 || c == ':'))
                throw new FormatException($"OTEL_EXPORTER_OTLP_HEADERS: entry {i + 1} has an invalid header name.");
            headers.Add(new(key, value));
        }
        return headers;
    }

    /// <summary>The URL the exporter posts one signal to: for http/protobuf the base endpoint plus <c>v1/traces</c> or <c>v1/metrics</c>.</summary>
    public Uri SignalEndpoint(string signalPath)
    {
        var endpoint = new Uri(OtlpEndpoint!.Trim(), UriKind.Absolute);
        if (OtlpProtocol == Grpc) return endpoint;
        var baseUri = endpoint.AbsoluteUri.EndsWith('/') ? endpoint.AbsoluteUri : endpoint.AbsoluteUri + "/";
        return new Uri(baseUri + signalPath);
    }
}
