using System.Globalization;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Telemetry;

/// <summary>Start-time checks of <see cref="TelemetryOptions"/>; messages name the setting, never a secret value.</summary>
public sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var problems = new List<string>();
        if (options.ExportEnabled)
        {
            if (!Uri.TryCreate(options.OtlpEndpoint!.Trim(), UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
                problems.Add("OTEL_EXPORTER_OTLP_ENDPOINT: not an absolute http(s) URL.");
            else if (endpoint.Query.Length > 0 || endpoint.Fragment.Length > 0)
                problems.Add("OTEL_EXPORTER_OTLP_ENDPOINT: must not have a query string or fragment.");
        }
        if (options.AzureMonitorEnabled && !options.ApplicationInsightsConnectionString!.Contains("InstrumentationKey=", StringComparison.OrdinalIgnoreCase))
            problems.Add("APPLICATIONINSIGHTS_CONNECTION_STRING: not a connection string with an InstrumentationKey.");
        if (options.OtlpProtocol is not (TelemetryOptions.HttpProtobuf or TelemetryOptions.Grpc))
            problems.Add($"OTEL_EXPORTER_OTLP_PROTOCOL: \"{options.OtlpProtocol}\" is not supported; use {TelemetryOptions.HttpProtobuf} or {TelemetryOptions.Grpc}.");
        try { options.ParseHeaders(); }
        catch (FormatException ex) { problems.Add(ex.Message); }
        if (string.IsNullOrWhiteSpace(options.ServiceName))
            problems.Add("OTEL_SERVICE_NAME: must not be empty.");
        if (options.MetricExportIntervalMs < 1000)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"OTEL_METRIC_EXPORT_INTERVAL: {options.MetricExportIntervalMs} ms is below the 1000 ms minimum."));
        if (options.LatencyWarnMs < 1)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"LATENCY_WARN_MS: {options.LatencyWarnMs} must be at least 1."));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
