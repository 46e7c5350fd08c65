using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Storage.Queues;
using ChainTrader.Application.Telemetry;

namespace ChainTrader.Application.Notifications;

/// <summary>
/// The Azure Storage queues the queue-triggered functions consume (same names and base64 encoding as the Functions
/// queue trigger expects): every hint is sent here, under either host. A send also wakes this process's
/// queue listener (standalone host), so a hint sent here is picked up without waiting for the next poll.
/// </summary>
public sealed class HintQueues(IConfiguration configuration, ILogger<HintQueues> logger)
{
    public const string ConnectionSetting = "AzureWebJobsStorage";

    // Built on first use: an app that never sends a hint must start without a storage connection string.
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

    /// <summary>The queue service of the AzureWebJobsStorage connection string, encoding messages as the Functions queue binding expects.</summary>
    public static QueueServiceClient CreateService(IConfiguration configuration)
    {
        var connectionString = configuration[ConnectionSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException($"Queue hints travel on Azure Storage queues: set {ConnectionSetting} to a storage connection string (Azurite's locally).");
        return new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
    }

    /// <summary>Released once per send to the queue; the listener waits on it between polls.</summary>
    internal SemaphoreSlim Wakeup(string queueName) => _wakeups.GetOrAdd(queueName, _ => new SemaphoreSlim(0));
}
