using ChainTrader.Application.Trades;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace ChainTrader.Functions.Functions;

/// <summary>Durable orchestrator: one per trade (instance <c>trade-{id}</c>), the body is <see cref="TradeOrchestration"/>.</summary>
public sealed class TradeOrchestratorFunction
{
    [Function(TradeOrchestration.Name)]
    public Task<string> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        TradeOrchestration.RunAsync(context, context.GetInput<TradeOrchestrationInput>()
            ?? throw new InvalidOperationException($"{TradeOrchestration.Name} {context.InstanceId} was started without its input."));
}
