using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace ChainTrader.Functions.Hosting.Durable;

/// <summary>
/// The orchestrators and activities of an assembly, found from their attributes (<c>[Function]</c> plus
/// <c>[OrchestrationTrigger]</c>/<c>[ActivityTrigger]</c>) so the local engine needs no second list.
/// </summary>
public sealed class DurableFunctions
{
    private DurableFunctions(IReadOnlyList<DurableFunction> all) => All = all;

    public IReadOnlyList<DurableFunction> All { get; }

    public static DurableFunctions Scan(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var found = new List<DurableFunction>();
        const BindingFlags Methods = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(Methods))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is not { } function) continue;
                var parameters = method.GetParameters();
                var orchestration = parameters.SingleOrDefault(p => p.IsDefined(typeof(OrchestrationTriggerAttribute)));
                var activity = parameters.SingleOrDefault(p => p.IsDefined(typeof(ActivityTriggerAttribute)));
                if (orchestration is null && activity is null) continue;
                if (orchestration is not null && orchestration.ParameterType != typeof(TaskOrchestrationContext))
                    throw new InvalidOperationException($"{Describe(method)}: the [OrchestrationTrigger] parameter must be a {nameof(TaskOrchestrationContext)}.");
                foreach (var other in parameters.Where(p => p != orchestration && p != activity && !IsSupplied(p)))
                    throw new InvalidOperationException(
                        $"{Describe(method)}: parameter '{other.Name}' ({other.ParameterType.Name}) has no source in the local engine " +
                        "(only the trigger, a CancellationToken and a [DurableClient] DurableTaskClient are supplied).");
                found.Add(new DurableFunction(function.Name, method, orchestration ?? activity!, orchestration is not null));
            }
        }

        var duplicate = found.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Two durable functions are named \"{duplicate.Key}\": {string.Join(", ", duplicate.Select(f => Describe(f.Method)))}.");
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
