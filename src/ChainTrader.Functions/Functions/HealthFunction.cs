using ChainTrader.Application.Health;
using Microsoft.Azure.Functions.Worker;

namespace ChainTrader.Functions.Functions;

/// <summary>GET /health: the readiness report under the name operators' monitors expect.</summary>
public sealed class HealthFunction(ReadinessProbe probe)
{
    [Function("Health")]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, CancellationToken cancellationToken) =>
        HealthEndpoints.ReadyAsync(probe, cancellationToken);
}
