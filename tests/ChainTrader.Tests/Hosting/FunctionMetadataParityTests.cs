using System.Text.Json;
using ChainTrader.Functions;
using ChainTrader.Functions.Hosting;
using ChainTrader.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChainTrader.Tests.Hosting;

/// <summary>
/// The standalone host wires every function the way the Functions host will: the same names, triggers, schedules, queue
/// names, routes, HTTP methods and auth levels as the functions.metadata the Worker SDK generated in this build (copied
/// here from the Functions project's output), and the same entry points.
/// </summary>
public sealed class FunctionMetadataParityTests
{
    [Fact]
    public async Task TheStandaloneHostWiresWhatFunctionsMetadataDeclares()
    {
        var expected = GeneratedMetadata();
        await using var app = ChainTraderApp.Build(["--urls", "http://127.0.0.1:0"], _ => null, builder => builder.Configuration.AddInMemoryCollection(AppHost.BaseSettings()));
        var index = app.Services.GetRequiredService<FunctionIndex>();
        var routes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .ToDictionary(e => e.RoutePattern.RawText!.TrimStart('/'),
                e => string.Join(",", e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => m.ToLowerInvariant()).Order(StringComparer.Ordinal)));

        var wired = index.Functions.Select(f => Describe(f, routes)).OrderBy(f => f, StringComparer.Ordinal).ToList();

        Assert.NotEmpty(wired);
        Assert.Equal(expected, wired);
    }

    /// <summary>One line per function from functions.metadata: name, entry point and its trigger binding's settings.</summary>
    private static List<string> GeneratedMetadata()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: the Worker SDK writes it into the Functions project's build output, which this project copies.");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.EnumerateArray().Select(function =>
        {
            var trigger = function.GetProperty("bindings").EnumerateArray()
                .Single(b => b.GetProperty("direction").GetString() == "In" && b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
            return Line(function.GetProperty("name").GetString()!, function.GetProperty("entryPoint").GetString()!, trigger.GetProperty("type").GetString()!,
                Text(trigger, "schedule"), trigger.TryGetProperty("runOnStartup", out var startup) && startup.GetBoolean(), Text(trigger, "queueName"),
                Text(trigger, "route"),
                trigger.TryGetProperty("methods", out var methods) ? string.Join(",", methods.EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()).Order(StringComparer.Ordinal)) : null,
                Text(trigger, "authLevel")?.ToLowerInvariant());
        }).Order(StringComparer.Ordinal)];
    }

    /// <summary>The same line for what the standalone host does with <paramref name="function"/>: HTTP from its mapped endpoint.</summary>
    private static string Describe(FunctionEntry function, Dictionary<string, string> routes)
    {
        var entryPoint = $"{function.Method.DeclaringType!.FullName}.{function.Method.Name}";
        return function.Trigger switch
        {
            FunctionTrigger.Http => Line(function.Name, entryPoint, "httpTrigger", null, false, null, function.Route,
                routes.GetValueOrDefault(function.Route!, "(not mapped)"), function.AuthLevel),
            FunctionTrigger.Timer => Line(function.Name, entryPoint, "timerTrigger", function.ScheduleExpression, function.RunOnStartup, null, null, null, null),
            FunctionTrigger.Queue => Line(function.Name, entryPoint, "queueTrigger", null, false, function.QueueName, null, null, null),
            FunctionTrigger.Orchestration => Line(function.Name, entryPoint, "orchestrationTrigger", null, false, null, null, null, null),
            _ => Line(function.Name, entryPoint, "activityTrigger", null, false, null, null, null, null),
        };
    }

    private static string Line(string name, string entryPoint, string type, string? schedule, bool runOnStartup, string? queue, string? route, string? methods, string? authLevel) =>
        $"{name} {entryPoint} {type} schedule={schedule} runOnStartup={runOnStartup} queue={queue} route={route} methods={methods} auth={authLevel}";

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
