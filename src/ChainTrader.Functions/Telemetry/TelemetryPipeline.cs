using ChainTrader.Application.Telemetry;
using Microsoft.Extensions.Options;
using Azure.Monitor.OpenTelemetry.Exporter;
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
/// OTEL_EXPORTER_OTLP_ENDPOINT is set, the Azure Monitor exporters (traces and metrics here, logs through
/// the host's <c>AddChainTraderLogExport</c>) only when APPLICATIONINSIGHTS_CONNECTION_STRING
/// is. Only the ChainTrader source and meter are subscribed: the framework's HTTP client spans would record full RPC URLs,
/// and RPC URLs carry API keys (our RPC spans keep the host and port only).
/// </summary>
public sealed class TelemetryPipeline : IHostedService, IDisposable
{
    private readonly IOptions<TelemetryOptions> _options;
    private readonly IServiceProvider _services;
    private readonly ILogger<TelemetryPipeline> _logger;
    private TracerProvider? _tracing;
    private MeterProvider? _metrics;

    /// <remarks>Reads nothing here: the host resolves hosted services before it validates options, and invalid settings must be reported by validation, all at once.</remarks>
    public TelemetryPipeline(IOptions<TelemetryOptions> options, IServiceProvider services, ILogger<TelemetryPipeline> logger)
    {
        _options = options;
        _services = services;
        _logger = logger;
    }

    /// <summary>Where spans and metrics are exported once started; null when exporting is off.</summary>
    public OtlpExport? Export { get; private set; }

    /// <summary>The Application Insights ingestion endpoint in use once started (host part only is ever logged); null when that export is off.</summary>
    public Uri? AzureMonitorIngestion { get; private set; }

    /// <summary>
    /// Exporter options for one signal. Live Metrics off: it would open a channel to the LiveEndpoint (Azure's, unless the
    /// connection string names one) beside the ingestion endpoint. Sampling stays ours (every ChainTrader span).
    /// </summary>
    public static AzureMonitorExporterOptions AzureMonitorOptions(TelemetryOptions settings) => new()
    {
        ConnectionString = settings.ApplicationInsightsConnectionString!.Trim(),
        EnableLiveMetrics = false,
        SamplingRatio = 1.0F,
    };

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Functions are activated per call, so nothing else builds the scrape collector before the first GET /metrics:
        // built here, counters recorded before that scrape are counted and the host gauges exist for export.
        _services.GetRequiredService<PrometheusMetricsCollector>();
        var settings = _options.Value;
        var resource = ResourceBuilder.CreateEmpty().AddService(settings.ServiceName.Trim(),
            serviceVersion: typeof(TelemetryPipeline).Assembly.GetName().Version?.ToString(), autoGenerateServiceInstanceId: true);

        var tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(ChainTraderTelemetry.Name)
            .SetSampler(new ParentBasedSampler(new AlwaysOnSampler()));
        var metrics = settings.ExportEnabled || settings.AzureMonitorEnabled
            ? Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(ChainTraderTelemetry.Name)
            : null;
        if (settings.ExportEnabled)
        {
            tracing.AddOtlpExporter(o => Configure(o, settings, "v1/traces"));
            metrics!.AddOtlpExporter((o, reader) =>
            {
                Configure(o, settings, "v1/metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = settings.MetricExportIntervalMs;
            });
            Export = new OtlpExport(settings.SignalEndpoint("v1/traces"), settings.SignalEndpoint("v1/metrics"), settings.OtlpProtocol);
            _logger.LogInformation("OTLP export on: traces and metrics to {OtlpHost} over {OtlpProtocol} as service {ServiceName}",
                Export.TracesEndpoint.Authority, settings.OtlpProtocol, settings.ServiceName);
        }
        else
        {
            _logger.LogInformation("OTLP export off (OTEL_EXPORTER_OTLP_ENDPOINT not set): spans feed log correlation only, metrics are served at /metrics");
        }
        if (settings.AzureMonitorEnabled)
        {
            // The exporter classes rather than the builder extensions: what goes out is exactly our spans (under our
            // sampler) and our meter's metrics, and no extra feature opens a connection elsewhere.
            tracing.AddProcessor(new BatchActivityExportProcessor(new AzureMonitorTraceExporter(AzureMonitorOptions(settings))));
            metrics!.AddReader(new PeriodicExportingMetricReader(new AzureMonitorMetricExporter(AzureMonitorOptions(settings)), settings.MetricExportIntervalMs)
            {
                TemporalityPreference = MetricReaderTemporalityPreference.Delta,
            });
            AzureMonitorIngestion = settings.IngestionEndpoint();
            _logger.LogInformation("Azure Monitor export on: traces, metrics and logs to {IngestionHost} as role {ServiceName}",
                AzureMonitorIngestion?.Authority ?? "the connection string's default endpoint", settings.ServiceName);
        }
        _metrics = metrics?.Build();
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
