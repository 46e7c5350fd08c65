using ChainTrader.Application.Health;
using Microsoft.Azure.Functions.Worker;

namespace ChainTrader.Functions.Functions;

/// <summary>GET /healthz: the process is up (no dependency is checked).</summary>
public sealed class HealthzFunction
{
    [Function("Healthz")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "healthz")] HttpRequest request) => HealthEndpoints.Live();
}
