using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using ChainTrader.Application.Notifications;

namespace ChainTrader.Functions.Hosting;

/// <summary>
/// The standalone host's queue triggers: polls each queue-triggered function's Azure Storage queue and invokes the
/// function with the message text, as the Functions host does. A received message stays invisible for
/// QUEUE_VISIBILITY_TIMEOUT_S, renewed while its function runs; it is deleted after a successful run. A process that dies
/// holding one never deletes it, so it reappears and is delivered again. A failed run lets it reappear after a short
/// backoff; after QUEUE_MAX_DEQUEUE_COUNT deliveries it moves to "{queue}-poison", which is safe because the sweepers
/// re-drive whatever a hint asked for.
/// </summary>
public sealed class QueueListener(FunctionIndex index, FunctionInvoker invoker, HintQueues queues, IConfiguration configuration, IOptions<QueueOptions> options,
    TimeProvider clock, ILogger<QueueListener> logger) : BackgroundService
{
    private const int BatchSize = 16;
    private const int MaxConcurrent = 32;
    private static readonly TimeSpan MinPollInterval = TimeSpan.FromMilliseconds(50);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(index.Functions.Where(f => f.Trigger == FunctionTrigger.Queue)
            .Select(f => f with { QueueName = QueueName(f, configuration) })
            .Select(f => Task.Run(() => ListenAsync(f, stoppingToken), stoppingToken)));

    /// <summary>The trigger's queue name; "%NAME%" stands for the app setting NAME, as the Functions host reads it.</summary>
    public static string QueueName(FunctionEntry function, IConfiguration configuration)
    {
        var name = function.QueueName!;
        if (name.Length < 3 || name[0] != '%' || name[^1] != '%') return name;
        var setting = name[1..^1];
        return configuration[setting] is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"Function {function.Name}: its queue name {name} names the app setting {setting}, which is not set.");
    }

    private async Task ListenAsync(FunctionEntry function, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var wakeup = queues.Wakeup(function.QueueName!);
        var idle = MinPollInterval;
        var running = new List<Task>();
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                var queue = await queues.QueueAsync(function.QueueName!, stoppingToken);
                messages = (await queue.ReceiveMessagesAsync(BatchSize, settings.VisibilityTimeout, stoppingToken)).Value;
                foreach (var message in messages) running.Add(DeliverAsync(function, queue, message, stoppingToken));
                if (failing) logger.LogInformation("Polling queue {Queue} works again", function.QueueName);
                failing = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception ex)
            {
                // Storage unreachable: poll again later (said once per outage); the sweepers cover what the hints would have said.
                if (!failing) logger.LogWarning("Polling queue {Queue} failed: {Error}; retrying every {Interval}", function.QueueName, ex.Message, settings.MaxPollInterval);
                failing = true;
                messages = [];
                idle = settings.MaxPollInterval;
            }
            running.RemoveAll(t => t.IsCompleted);
            if (messages.Length > 0)
            {
                idle = MinPollInterval;
                // Bounded like the host's batch size plus threshold: the rest waits in the queue, where another instance can take it.
                while (running.Count >= MaxConcurrent)
                {
                    await Task.WhenAny(running);
                    running.RemoveAll(t => t.IsCompleted);
                }
                continue;
            }
            // Empty: wait for this process's next send or the backoff, whichever comes first.
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var timer = Task.Delay(idle, clock, wait.Token);
            var woken = wakeup.WaitAsync(wait.Token);
            await Task.WhenAny(timer, woken);
            await wait.CancelAsync();
            try { await Task.WhenAll(timer, woken); } catch (OperationCanceledException) { }
            if (woken.IsCompletedSuccessfully)
            {
                while (wakeup.Wait(0, CancellationToken.None)) { }
                idle = MinPollInterval;
            }
            else
            {
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, settings.MaxPollInterval.Ticks));
            }
        }
        await Task.WhenAll(running);
    }

    private async Task DeliverAsync(FunctionEntry function, QueueClient queue, QueueMessage message, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var receipt = message.PopReceipt;
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewing = RenewAsync(queue, message, r => receipt = r, renewal.Token);
        Exception? failure = null;
        try
        {
            await invoker.InvokeAsync(function, message.Body.ToString(), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the message is left as it is and reappears after its visibility timeout, as after a crash.
            await StopRenewingAsync(renewal, renewing);
            return;
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        await StopRenewingAsync(renewal, renewing);

        try
        {
            if (failure is null)
            {
                await queue.DeleteMessageAsync(message.MessageId, receipt, stoppingToken);
            }
            else if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                logger.LogError(failure, "{Function} failed {Attempts} times on a {Queue} message; moved to {Queue}-poison, the sweeper re-drives its work",
                    function.Name, message.DequeueCount, function.QueueName, function.QueueName);
                var poison = await queues.QueueAsync(function.QueueName + "-poison", stoppingToken);
                await poison.SendMessageAsync(message.Body, cancellationToken: stoppingToken);
                await queue.DeleteMessageAsync(message.MessageId, receipt, stoppingToken);
            }
            else
            {
                var backoff = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, message.DequeueCount - 1), 30));
                logger.LogWarning(failure, "{Function} failed on a {Queue} message (delivery {Attempt}); it reappears in {Backoff}",
                    function.Name, function.QueueName, message.DequeueCount, backoff);
                await queue.UpdateMessageAsync(message.MessageId, receipt, message.Body, backoff, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException)
        {
            // Lost the message (its visibility ran out and another consumer took it): that consumer owns it now.
            logger.LogWarning("Settling a {Queue} message failed: {Error}", function.QueueName, ex.Message);
        }
    }

    /// <summary>Keeps a message invisible while its function runs: renewed every third of the visibility timeout, so a slow storage round trip still lands in time.</summary>
    private async Task RenewAsync(QueueClient queue, QueueMessage message, Action<string> setReceipt, CancellationToken cancellationToken)
    {
        var timeout = options.Value.VisibilityTimeout;
        var receipt = message.PopReceipt;
        try
        {
            while (true)
            {
                await Task.Delay(timeout / 3, clock, cancellationToken);
                // Not cancelled once sent: an update that lands after its caller gave up would change the pop receipt
                // behind our back, and the final delete would then fail and let the message come back.
                var updated = await queue.UpdateMessageAsync(message.MessageId, receipt, message.Body, timeout, CancellationToken.None);
                receipt = updated.Value.PopReceipt;
                setReceipt(receipt);
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception ex)
        {
            // The message may reappear while its function still runs: a duplicate hint, which handlers shrug off.
            logger.LogWarning("Renewing a {Queue} message's visibility failed: {Error}", queue.Name, ex.Message);
        }
    }

    private static async Task StopRenewingAsync(CancellationTokenSource renewal, Task renewing)
    {
        await renewal.CancelAsync();
        await renewing;
    }
}
