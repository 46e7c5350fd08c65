using System.Text.Json;
using ChainTrader.Core.Scheduling;

namespace ChainTrader.Functions.Hosting;

/// <summary>
/// Reads the function.json files that sit beside the handler (the function-app layout), so the Functions
/// host and standalone mode fire the same functions on the same schedules.
/// </summary>
public sealed class FunctionCatalog
{
    public FunctionCatalog(IReadOnlyList<FunctionDescriptor> functions) => Functions = functions;

    public IReadOnlyList<FunctionDescriptor> Functions { get; }

    public static FunctionCatalog Load(string appRoot)
    {
        var functions = new List<FunctionDescriptor>();
        foreach (var file in Directory.EnumerateFiles(appRoot, "function.json", SearchOption.AllDirectories)
                     .Where(f => Path.GetDirectoryName(Path.GetDirectoryName(f)) == Path.TrimEndingDirectorySeparator(appRoot))
                     .Order(StringComparer.Ordinal))
        {
            functions.Add(Parse(Path.GetFileName(Path.GetDirectoryName(file)!), File.ReadAllText(file), file));
        }
        return new FunctionCatalog(functions);
    }

    public static FunctionDescriptor Parse(string name, string json, string source)
    {
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("bindings", out var bindings) || bindings.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{source}: no \"bindings\" array.");

        JsonElement? trigger = null;
        var outputs = new List<QueueOutputBinding>();
        foreach (var binding in bindings.EnumerateArray())
        {
            var type = Text(binding, "type");
            var direction = Text(binding, "direction");
            if (direction == "in" && type?.EndsWith("Trigger", StringComparison.Ordinal) == true)
            {
                if (trigger is not null) throw new InvalidDataException($"{source}: more than one trigger binding.");
                trigger = binding;
            }
            else if (direction == "out" && type == "queue")
            {
                outputs.Add(new QueueOutputBinding(Required(binding, "name", source), Required(binding, "queueName", source)));
            }
        }
        if (trigger is not { } t)
            throw new InvalidDataException($"{source}: no trigger binding (direction \"in\", type ending in \"Trigger\").");

        var triggerType = Text(t, "type")!;
        var bindingName = Required(t, "name", source);
        return triggerType switch
        {
            "timerTrigger" => new FunctionDescriptor(name, triggerType, bindingName, ParseSchedule(Required(t, "schedule", source), source),
                t.TryGetProperty("runOnStartup", out var r) && r.ValueKind == JsonValueKind.True, null, null, outputs),
            "queueTrigger" => new FunctionDescriptor(name, triggerType, bindingName, null, false,
                Required(t, "queueName", source), null, outputs),
            "httpTrigger" => new FunctionDescriptor(name, triggerType, bindingName, null, false, null, Text(t, "route") ?? name, outputs),
            _ => throw new InvalidDataException($"{source}: trigger type \"{triggerType}\" is not one ChainTrader handles."),
        };
    }

    private static CronSchedule ParseSchedule(string expression, string source)
    {
        try { return CronSchedule.Parse(expression); }
        catch (FormatException ex) { throw new InvalidDataException($"{source}: {ex.Message}", ex); }
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Required(JsonElement element, string property, string source) =>
        Text(element, property) ?? throw new InvalidDataException($"{source}: binding without \"{property}\".");
}
