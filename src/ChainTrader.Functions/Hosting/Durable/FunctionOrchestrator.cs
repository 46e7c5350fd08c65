using System.Text.Json;
using Microsoft.DurableTask;

namespace ChainTrader.Functions.Hosting.Durable;

/// <summary>
/// An <c>[OrchestrationTrigger]</c> method as a Durable worker orchestrator. The method reads its input with
/// <c>context.GetInput&lt;T&gt;()</c> as under the Functions host, so the input arrives as JSON and is typed on request.
/// </summary>
internal sealed class FunctionOrchestrator(DurableFunction function, IServiceProvider services) : ITaskOrchestrator
{
    public Type InputType => typeof(JsonElement?);
    public Type OutputType => function.OutputType;

    public Task<object?> RunAsync(TaskOrchestrationContext context, object? input) =>
        FunctionMethodCall.InvokeAsync(function, services, new LocalOrchestrationContext(context, input as JsonElement?), CancellationToken.None);
}
