using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChainTrader.Functions.Hosting;

/// <summary>
/// The custom-handler request payload the Functions host POSTs to /{FunctionName}: trigger and input binding
/// data under "Data", trigger metadata under "Metadata". Standalone mode builds the same shape.
/// </summary>
public sealed record FunctionInvocation(
    [property: JsonPropertyName("Data")] IReadOnlyDictionary<string, JsonElement> Data,
    [property: JsonPropertyName("Metadata")] IReadOnlyDictionary<string, JsonElement> Metadata);

/// <summary>The custom-handler response: output binding values, log lines for the host, and the return value.</summary>
public sealed record FunctionResult(
    [property: JsonPropertyName("Outputs")] IReadOnlyDictionary<string, JsonElement> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] JsonElement? ReturnValue);

/// <summary>What a function gets: its trigger payload, a place to put outputs and host-visible log lines.</summary>
public sealed class FunctionContext(string functionName, FunctionInvocation invocation, ILogger logger, TimeProvider clock)
{
    private readonly Dictionary<string, JsonElement> _outputs = new(StringComparer.Ordinal);
    private readonly List<string> _logs = [];

    public string FunctionName { get; } = functionName;
    public FunctionInvocation Invocation { get; } = invocation;
    public TimeProvider Clock { get; } = clock;

    /// <summary>Logs through ILogger and, in custom-handler mode, hands the line to the host as well.</summary>
    public void Log(LogLevel level, string message)
    {
        logger.Log(level, "{Function}: {Message}", FunctionName, message);
        _logs.Add($"{level}: {message}");
    }

    public void SetOutput(string binding, JsonElement value) => _outputs[binding] = value;

    public FunctionResult ToResult() => new(_outputs, _logs, null);
}

/// <summary>A non-HTTP function: a timer or queue handler driven by the host or by standalone mode.</summary>
public interface IFunction
{
    string Name { get; }
    Task RunAsync(FunctionContext context, CancellationToken cancellationToken);
}

[JsonSerializable(typeof(FunctionInvocation))]
[JsonSerializable(typeof(FunctionResult))]
internal sealed partial class FunctionJson : JsonSerializerContext;
