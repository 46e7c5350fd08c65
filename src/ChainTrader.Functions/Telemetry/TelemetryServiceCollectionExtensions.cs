using Azure.Monitor.OpenTelemetry.Exporter;
using ChainTrader.Application.Chains;
using OpenTelemetry.Resources;
using Microsoft.Extensions.Options;
using ChainTrader.Application.Telemetry;

namespace ChainTrader.Functions.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Tracing, metrics and log correlation for the app: the OpenTelemetry pipeline (OTLP export only when configured),
    /// HTTP server spans (middleware), the Prometheus scrape behind GET /metrics, RPC client spans and error counting on the "rpc" HttpClient, RPC
    /// circuit metrics, the trading gauges (from the <see cref="ITradingMetricsSource"/> the trade desk registers) and
    /// trace/span ids on every log line.
    /// </summary>
    public static IHostApplicationBuilder AddChainTraderTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        // ASP.NET Core's request start/finish lines include the raw query string; HttpTelemetryMiddleware logs each request without it.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

        var services = builder.Services;
        services.AddOptions<TelemetryOptions>().Bind(builder.Configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();

        services.AddMetrics();
        services.AddSingleton<HostMetrics>();
        services.AddSingleton<PrometheusMetricsCollector>();
        services.AddSingleton<TelemetryPipeline>();
        services.AddHostedService(sp => sp.GetRequiredService<TelemetryPipeline>());
        services.AddHostedService<RpcCircuitTelemetry>();

        services.AddTransient<RpcTelemetryHandler>();
        services.AddHttpClient(ChainRpcPools.HttpClientName).AddHttpMessageHandler<RpcTelemetryHandler>();
        services.AddSingleton<IStartupFilter, TelemetryStartupFilter>();
        return builder;
    }

    /// <summary>
    /// With APPLICATIONINSIGHTS_CONNECTION_STRING set, log records (with their trace and span ids, so each line lands under
    /// its operation) also go to Azure Monitor. Called after every configuration source is in place: the logging
    /// providers are chosen while the host is built, not when it starts.
    /// </summary>
    public static IHostApplicationBuilder AddChainTraderLogExport(this IHostApplicationBuilder builder)
    {
        var settings = new TelemetryOptions();
        builder.Configuration.Bind(settings);
        if (!settings.AzureMonitorEnabled) return builder;
        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = true;
            o.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(settings.ServiceName.Trim(),
                serviceVersion: typeof(TelemetryPipeline).Assembly.GetName().Version?.ToString(), autoGenerateServiceInstanceId: true));
            o.AddAzureMonitorLogExporter(e =>
            {
                var configured = TelemetryPipeline.AzureMonitorOptions(settings);
                e.ConnectionString = configured.ConnectionString;
                e.EnableLiveMetrics = configured.EnableLiveMetrics;
                e.SamplingRatio = configured.SamplingRatio;
            });
        });
        return builder;
    }

    /// <summary>Puts the HTTP span first in the pipeline: it must enclose everything, routing included.</summary>
    private sealed class TelemetryStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseMiddleware<HttpTelemetryMiddleware>();
            next(app);
        };
    }
}
