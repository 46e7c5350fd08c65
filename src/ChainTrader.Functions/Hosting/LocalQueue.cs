using System.Text.Json;
using System.Threading.Channels;
using ChainTrader.Functions.Telemetry;

namespace ChainTrader.Functions.Hosting;

/// <summary>
/// Standalone mode's queue: carries the messages that Service Bus carries in Azure, in process. Messages are
/// hints that make work happen sooner (Table Storage holds the truth and timers re-drive what is due), so a
/// message lost with the process delays work but never loses it.
/// </summary>
public sealed class LocalQueue(FunctionCatalog catalog, FunctionRunner runner, TimeProvider clock, ILogger<LocalQueue> logger) : BackgroundService
{
    private const int MaxAttempts = 5;
    private readonly Channel<(string Queue, JsonElement Message, int Attempt)> _messages = Channel.CreateUnbounded<(string, JsonElement, int)>();

    /// <summary>Queues a message; a JSON object leaves carrying the current trace context (see <see cref="TraceContext"/>).</summary>
    public ValueTask SendAsync(string queueName, JsonElement message, CancellationToken cancellationToken) =>
        _messages.Writer.WriteAsync((queueName, TraceContext.Inject(message), 1), cancellationToken);

    /// <summary>Sends the values a function put on its queue output bindings (one message or an array of them).</summary>
    public async Task RouteOutputsAsync(FunctionDescriptor function, FunctionResult result, CancellationToken cancellationToken)
    {
        foreach (var output in function.QueueOutputs)
        {
            if (!result.Outputs.TryGetValue(output.Name, out var value) || value.ValueKind == JsonValueKind.Null) continue;
            if (value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in value.EnumerateArray()) await SendAsync(output.QueueName, item.Clone(), cancellationToken);
            }
            else
            {
                await SendAsync(output.QueueName, value, cancellationToken);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (queueName, message, attempt) in _messages.Reader.ReadAllAsync(stoppingToken))
                _ = DeliverAsync(queueName, message, attempt, stoppingToken);
        }
        catch (OperationCanceledException) { }
    }

    private async Task DeliverAsync(string queueName, JsonElement message, int attempt, CancellationToken stoppingToken)
    {
        var function = catalog.Functions.FirstOrDefault(f => f.QueueName == queueName);
        if (function is null)
        {
            logger.LogError("No function listens on queue {Queue}; message dropped", queueName);
            return;
        }
        var invocation = new FunctionInvocation(
            new Dictionary<string, JsonElement> { [function.TriggerBinding] = message },
            new Dictionary<string, JsonElement>
            {
                ["DeliveryCount"] = JsonSerializer.SerializeToElement(attempt, HostingJson.Default.Int32),
                ["sys"] = StandaloneScheduler.SysMetadata(function.Name, clock.GetUtcNow()),
            });
        try
        {
            var result = await runner.RunAsync(function, invocation, stoppingToken);
            await RouteOutputsAsync(function, result, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        catch (Exception ex)
        {
            if (attempt >= MaxAttempts)
            {
                logger.LogError(ex, "{Function} failed {Attempts} times on a {Queue} message; giving it up to the sweeper", function.Name, attempt, queueName);
                return;
            }
            logger.LogWarning(ex, "{Function} failed on a {Queue} message (attempt {Attempt}); retrying", function.Name, queueName, attempt);
            try { await Task.Delay(TimeSpan.FromSeconds(Math.Pow(2, attempt - 1)), clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
            await _messages.Writer.WriteAsync((queueName, message, attempt + 1), stoppingToken);
        }
    }
}
