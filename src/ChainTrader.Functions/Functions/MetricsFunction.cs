using ChainTrader.Application.Telemetry;
using Microsoft.Azure.Functions.Worker;

namespace ChainTrader.Functions.Functions;

/// <summary>GET /metrics: every ChainTrader instrument of this instance in the Prometheus text exposition format (0.0.4).</summary>
public sealed class MetricsFunction(PrometheusMetricsCollector collector)
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    [Function("Metrics")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "metrics")] HttpRequest request)
    {
        // A scrape is a point-in-time reading: a cache in between would hand out stale counters.
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return Results.Text(collector.Scrape(), ContentType);
    }
}
