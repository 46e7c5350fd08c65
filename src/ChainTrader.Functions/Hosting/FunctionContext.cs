using System.Text.Json;

namespace ChainTrader.Functions.Hosting;

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
