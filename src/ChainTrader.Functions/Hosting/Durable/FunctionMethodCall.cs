using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.DurableTask.Client;

namespace ChainTrader.Functions.Hosting.Durable;

/// <summary>Calls a durable function's method as the Functions host would: a fresh instance of its class per call.</summary>
internal static class FunctionMethodCall
{
    public static async Task<object?> InvokeAsync(DurableFunction function, IServiceProvider services, object? trigger, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var method = function.Method;
        var target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(scope.ServiceProvider, method.DeclaringType!);
        var arguments = method.GetParameters().Select(p =>
            p.Position == function.Trigger.Position ? trigger
            : p.ParameterType == typeof(CancellationToken) ? cancellationToken
            : (object)scope.ServiceProvider.GetRequiredService<DurableTaskClient>()).ToArray();
        object? returned;
        try
        {
            returned = method.Invoke(target, arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }

        if (returned is not Task task) return returned;
        await task;
        return method.ReturnType.IsGenericType ? method.ReturnType.GetProperty(nameof(Task<object>.Result))!.GetValue(task) : null;
    }
}
