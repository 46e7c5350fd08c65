using Microsoft.DurableTask;

namespace ChainTrader.Functions.Hosting.Durable;

/// <summary>An <c>[ActivityTrigger]</c> method as a Durable worker activity; the trigger parameter's type is the input.</summary>
internal sealed class FunctionActivity(DurableFunction function, IServiceProvider services) : ITaskActivity
{
    public Type InputType => function.Trigger.ParameterType;
    public Type OutputType => function.OutputType;

    public Task<object?> RunAsync(TaskActivityContext context, object? input) =>
        FunctionMethodCall.InvokeAsync(function, services, input, CancellationToken.None);
}
