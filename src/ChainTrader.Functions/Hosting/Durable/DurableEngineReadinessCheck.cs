using ChainTrader.Application.Health;
using Microsoft.DurableTask.Client;

namespace ChainTrader.Functions.Hosting.Durable;

/// <summary>
/// The local Durable engine serves: its worker's work-item stream runs, and a query through the sidecar reaches the task
/// hub's instance table (so gRPC, the orchestration service and storage all answer).
/// </summary>
public sealed class DurableEngineReadinessCheck(LocalDurableEngine engine) : IReadinessCheck
{
    public string Name => "durable-engine";

    public async Task<string> CheckAsync(CancellationToken cancellationToken)
    {
        if (!engine.WorkerRunning)
            throw new InvalidOperationException($"the Durable worker is not running on task hub {engine.TaskHubName}");
        var query = new OrchestrationQuery { PageSize = 1 };
        await using var pages = engine.Client.GetAllInstancesAsync(query).AsPages().GetAsyncEnumerator(cancellationToken);
        await pages.MoveNextAsync();
        return $"task hub {engine.TaskHubName} reachable through the sidecar at {engine.Address}";
    }
}
