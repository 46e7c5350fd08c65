using ChainTrader.Application.Health;
using Microsoft.Azure.Functions.Worker;

namespace ChainTrader.Functions.Functions;

/// <summary>GET /readyz: 200 when storage, RPC, chain state and Telegram are usable, 503 with the failing checks otherwise.</summary>
public sealed class ReadyzFunction(ReadinessProbe probe)
{
    [Function("Readyz")]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "readyz")] HttpRequest request, CancellationToken cancellationToken) =>
        HealthEndpoints.ReadyAsync(probe, cancellationToken);
}
