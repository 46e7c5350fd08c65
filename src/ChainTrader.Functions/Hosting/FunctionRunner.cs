using System.Text.Json;
using ChainTrader.Functions.Telemetry;

namespace ChainTrader.Functions.Hosting;

/// <summary>Runs one non-HTTP function invocation; the same path for the Functions host and standalone mode.</summary>
public sealed class FunctionRunner(IServiceScopeFactory scopes, FunctionCatalog catalog, TimeProvider clock, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger<FunctionRunner>();

    public FunctionDescriptor? Find(string name) =>
        catalog.Functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase) && f.TriggerType != "httpTrigger");

    public async Task<FunctionResult> RunAsync(FunctionDescriptor function, FunctionInvocation invocation, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetServices<IFunction>().SingleOrDefault(f => f.Name == function.Name)
                      ?? throw new InvalidOperationException($"function.json declares {function.Name} but no handler is registered for it.");
        var context = new FunctionContext(function.Name, invocation, loggers.CreateLogger("ChainTrader.Functions." + function.Name), clock);
        using var activity = FunctionTelemetry.StartInvocation(function, invocation);
        using var logScope = LogScopes.ForFunction(_logger, function.Name);
        var started = clock.GetTimestamp();
        try
        {
            await handler.RunAsync(context, cancellationToken);
        }
        catch (Exception ex)
        {
            FunctionTelemetry.RecordFailure(activity, ex);
            throw;
        }
        _logger.LogDebug("{Function} finished in {ElapsedMs:F0} ms", function.Name, clock.GetElapsedTime(started).TotalMilliseconds);
        return FunctionTelemetry.InjectTraceContext(function, context.ToResult(), activity);
    }

    /// <summary>Validates a host payload: a JSON object with "Data" and "Metadata" objects.</summary>
    public static FunctionInvocation ParseInvocation(JsonDocument document)
    {
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"The invocation payload must be a JSON object, not {root.ValueKind}.");
        return new FunctionInvocation(ObjectProperty(root, "Data"), ObjectProperty(root, "Metadata"));
    }

    private static IReadOnlyDictionary<string, JsonElement> ObjectProperty(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
            throw new InvalidDataException($"The invocation payload has no \"{name}\" object.");
        if (value.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"The invocation payload's \"{name}\" must be an object, not {value.ValueKind}.");
        return value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }
}
