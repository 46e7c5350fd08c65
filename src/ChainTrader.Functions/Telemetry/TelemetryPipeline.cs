using System.Diagnostics;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ChainTrader.Functions.Telemetry;

/// <summary>
/// The OpenTelemetry SDK for this host, started with it and shut down (flushing what is buffered) when the host's
/// services are disposed. The tracer provider always runs, sampling every ChainTrader span, so trace ids reach the logs
/// and queue messages even when nothing is exported; the OTLP exporters (traces and metrics) are added only when
/// OTEL_EXPORTER_OTLP_ENDPOINT is set. Only the ChainTrader source and meter are subscribed: the framework's HTTP
/// client spans would record full RPC URLs, and RPC URLs carry API keys.
/// </summary>
public sealed class TelemetryPipeline : IHostedService, IDisposable
{
    private readonly IOptions<TelemetryOptions> _options;
    private readonly ILogger<TelemetryPipeline> _logger;
    private TracerProvider? _tracing;
    private MeterProvider? _metrics;

    /// <remarks>Reads nothing here: the host resolves hosted services before it validates options, and invalid settings must be reported by validation, all at once.</remarks>
    public TelemetryPipeline(IOptions<TelemetryOptions> options, ILogger<TelemetryPipeline> logger)
    {
        _options = options;
        _logger = logger;
    }

    /// <summary>Where spans and metrics are exported once started; null when exporting is off.</summary>
    public OtlpExport? Export { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = _options.Value;
        var resource = ResourceBuilder.CreateEmpty().AddService(settings.ServiceName.Trim(),
            serviceVersion: typeof(TelemetryPipeline).Assembly.GetName().Version?.ToString(), autoGenerateServiceInstanceId: true);

        var tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(ChainTraderTelemetry.Name)
            .SetSampler(new ParentBasedSampler(new AlwaysOnSampler()));
        if (settings.ExportEnabled)
        {
            tracing.AddOtlpExporter(o => Configure(o, settings, "v1/traces"));
            _metrics = Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(resource)
                .AddMeter(ChainTraderTelemetry.Name)
                .AddOtlpExporter((o, reader) =>
                {
                    Configure(o, settings, "v1/metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = settings.MetricExportIntervalMs;
                })
                .Build();
            Export = new OtlpExport(settings.SignalEndpoint("v1/traces"), settings.SignalEndpoint("v1/metrics"), settings.OtlpProtocol);
            _logger.LogInformation("OTLP export on: traces and metrics to {OtlpHost} over {OtlpProtocol} as service {ServiceName}",
                Export.TracesEndpoint.Authority, settings.OtlpProtocol, settings.ServiceName);
        }
        else
        {
            _logger.LogInformation("OTLP export off (OTEL_EXPORTER_OTLP_ENDPOINT not set): spans feed log correlation only, metrics are served at /metrics");
        }
        _tracing = tracing.Build();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Shuts the providers down with the host's services, exporting what they still hold.</summary>
    public void Dispose()
    {
        _tracing?.Dispose();
        _metrics?.Dispose();
    }

    private static void Configure(OtlpExporterOptions exporter, TelemetryOptions settings, string signalPath)
    {
        exporter.Protocol = settings.OtlpProtocol == TelemetryOptions.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        // An endpoint set in code is used as given, so the per-signal path that OTEL_EXPORTER_OTLP_ENDPOINT implies is added here.
        exporter.Endpoint = settings.SignalEndpoint(signalPath);
        exporter.Headers = string.Join(',', settings.ParseHeaders().Select(h => $"{h.Key}={h.Value}"));
    }
}

/// <summary>The OTLP destinations in force (URLs without credentials: headers are not included).</summary>
public sealed record OtlpExport(Uri TracesEndpoint, Uri MetricsEndpoint, string Protocol);
