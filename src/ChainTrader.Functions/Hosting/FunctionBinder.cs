using System.Reflection;

namespace ChainTrader.Functions.Hosting;

/// <summary>
/// How the standalone host fills a function's parameters: the trigger value, the cancellation token, and a client the
/// Functions host would inject ([DurableClient]) from DI. Checked when the app starts, so a parameter nothing can fill
/// fails the start, not the first invocation.
/// </summary>
public static class FunctionBinder
{
    // Matched by name: the Durable extension is an optional package, and its client comes from DI here.
    private const string DurableClient = "DurableClientAttribute";

    public static Func<FunctionArguments, object?>[] Bind(FunctionEntry function) =>
        [.. function.Method.GetParameters().Select(p => Bind(function, p))];

    private static Func<FunctionArguments, object?> Bind(FunctionEntry function, ParameterInfo parameter)
    {
        if (parameter.Position == function.TriggerParameter.Position)
            return a => a.Trigger;
        if (parameter.ParameterType == typeof(CancellationToken))
            return a => a.CancellationToken;
        if (parameter.GetCustomAttributes().Any(a => a.GetType().Name == DurableClient))
            return a => a.Services.GetRequiredService(parameter.ParameterType);
        throw new InvalidOperationException(
            $"Function {function.Name}: the standalone host cannot bind parameter '{parameter.Name}' ({parameter.ParameterType.Name}).");
    }
}
