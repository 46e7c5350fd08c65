using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Storage.Queues;
using ChainTrader.Functions.Telemetry;

namespace ChainTrader.Functions.Hosting;

/// <summary>
/// Standalone mode's side of the Azure Storage queues the Functions host binds in Azure (same queue names, same base64
/// message encoding): sends hints and routes the values functions put on their queue output bindings. A send also wakes
/// this process's <see cref="QueueListener"/>, so a hint sent here is picked up without waiting for the next poll.
/// </summary>
public sealed class HintQueues(IConfiguration configuration, ILogger<HintQueues> logger)
{
    public const string ConnectionSetting = "AzureWebJobsStorage";

    // Built on first use: under the Functions host nothing here runs (the host owns the queues), so a storage setting
    // without a connection string (identity-based, for the host) must not stop the app from starting.
    private readonly Lazy<QueueServiceClient> _service = new(() => CreateService(configuration));
    private readonly ConcurrentDictionary<string, Lazy<Task<QueueClient>>> _queues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _wakeups = new(StringComparer.Ordinal);

    /// <summary>The queue, created on first use (Azurite starts empty).</summary>
    public async Task<QueueClient> QueueAsync(string queueName, CancellationToken cancellationToken)
    {
        var created = _queues.GetOrAdd(queueName, name => new Lazy<Task<QueueClient>>(async () =>
        {
            var queue = _service.Value.GetQueueClient(name);
            await queue.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
            return queue;
        }));
        try
        {
            return await created.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (created.Value.IsFaulted)
        {
            // A failed create (storage down) must not stick: the next use tries again.
            _queues.TryRemove(KeyValuePair.Create(queueName, created));
            throw;
        }
    }

    /// <summary>Queues a message; a JSON object leaves carrying the current trace context (see <see cref="TraceContext"/>).</summary>
    public async Task SendAsync(string queueName, JsonElement message, CancellationToken cancellationToken)
    {
        var queue = await QueueAsync(queueName, cancellationToken);
        // As the host's queue output binding writes them: a string as its text, anything else as JSON.
        var stamped = TraceContext.Inject(message);
        await queue.SendMessageAsync(stamped.ValueKind == JsonValueKind.String ? stamped.GetString() : stamped.GetRawText(), cancellationToken);
        logger.LogDebug("Sent a hint to queue {Queue}", queueName);
        Wakeup(queueName).Release();
    }

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

    /// <summary>The queue service of the AzureWebJobsStorage connection string, encoding messages as the Functions queue binding expects.</summary>
    public static QueueServiceClient CreateService(IConfiguration configuration)
    {
        var connectionString = configuration[ConnectionSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException($"Standalone mode carries its queue hints on Azure Storage queues: set {ConnectionSetting} to a storage connection string (Azurite's locally).");
        return new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
    }

    /// <summary>Released once per send to the queue; the listener waits on it between polls.</summary>
    internal SemaphoreSlim Wakeup(string queueName) => _wakeups.GetOrAdd(queueName, _ => new SemaphoreSlim(0));
}
