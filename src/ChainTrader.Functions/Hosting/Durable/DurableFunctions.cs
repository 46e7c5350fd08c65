using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace ChainTrader.Functions.Hosting.Durable;

/// <summary>
/// The orchestrators and activities of an assembly, found from their attributes (<c>[Function]</c> plus
/// <c>[OrchestrationTrigger]</c>/<c>[ActivityTrigger]</c>), taken from the <see cref="FunctionIndex"/> so there is one discovery.
/// </summary>
public sealed class DurableFunctions
{
    private DurableFunctions(IReadOnlyList<DurableFunction> all) => All = all;

    public IReadOnlyList<DurableFunction> All { get; }

    /// <summary>The durable entries of <paramref name="index"/>, checked for what the local engine can supply.</summary>
    public static DurableFunctions From(FunctionIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var found = new List<DurableFunction>();
        foreach (var entry in index.Durable)
        {
            var method = entry.Method;
            var isOrchestrator = entry.Trigger == FunctionTrigger.Orchestration;
            if (isOrchestrator && entry.TriggerParameter.ParameterType != typeof(TaskOrchestrationContext))
                throw new InvalidOperationException($"{Describe(method)}: the [OrchestrationTrigger] parameter must be a {nameof(TaskOrchestrationContext)}.");
            // By position: ParameterInfo has no value equality, and a method's parameter objects are not always the same
            // instances (two threads reading a method's parameters for the first time may each build their own).
            foreach (var other in method.GetParameters().Where(p => p.Position != entry.TriggerParameter.Position && !IsSupplied(p)))
                throw new InvalidOperationException(
                    $"{Describe(method)}: parameter '{other.Name}' ({other.ParameterType.Name}) has no source in the local engine " +
                    "(only the trigger, a CancellationToken and a [DurableClient] DurableTaskClient are supplied).");
            found.Add(new DurableFunction(entry.Name, method, entry.TriggerParameter, isOrchestrator));
        }
        return new DurableFunctions(found);
    }

    /// <summary>Registers every function; instances of declaring classes come from <paramref name="services"/>, one per call.</summary>
    public void AddTo(DurableTaskRegistry registry, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var function in All)
        {
            if (function.IsOrchestrator)
                registry.AddOrchestrator(function.Name, () => new FunctionOrchestrator(function, services));
            else
                registry.AddActivity(function.Name, _ => new FunctionActivity(function, services));
        }
    }

    internal static bool IsSupplied(ParameterInfo parameter) =>
        parameter.ParameterType == typeof(CancellationToken)
        || (parameter.ParameterType == typeof(DurableTaskClient) && parameter.IsDefined(typeof(DurableClientAttribute)));

    private static string Describe(MethodInfo method) => $"{method.DeclaringType?.FullName}.{method.Name}";
}
