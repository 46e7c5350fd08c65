using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChainTrader.Tests.Webhook.Browser;

/// <summary>
/// A minimal Chrome DevTools Protocol client over one browser WebSocket: commands are JSON {id, method, params,
/// sessionId?} answered by {id, result|error}; pages are attached in "flatten" mode so their commands share the socket.
/// Events are not needed by the tests and are dropped.
/// </summary>
public sealed class DevToolsClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _receiveLoop = Task.CompletedTask;
    private int _nextId;

    public static async Task<DevToolsClient> ConnectAsync(Uri browserWebSocket, CancellationToken cancellationToken)
    {
        var client = new DevToolsClient();
        await client._socket.ConnectAsync(browserWebSocket, cancellationToken);
        client._receiveLoop = Task.Run(client.ReceiveLoopAsync, CancellationToken.None);
        return client;
    }

    /// <summary>Sends one command and returns its result; a protocol error becomes an exception naming the method.</summary>
    public async Task<JsonElement> SendAsync(string method, JsonObject? parameters = null, string? sessionId = null, CancellationToken cancellationToken = default)
    {
        var id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (sessionId is not null) message["sessionId"] = sessionId;
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
        using var registration = cancellationToken.Register(() => answer.TrySetCanceled(cancellationToken));
        var reply = await answer.Task;
        if (reply.TryGetProperty("error", out var error))
            throw new InvalidOperationException($"CDP {method} failed: {error.GetRawText()}");
        return reply.GetProperty("result").Clone();
    }

    /// <summary>Opens a new tab and attaches to it.</summary>
    public async Task<DevToolsPage> OpenPageAsync(CancellationToken cancellationToken)
    {
        var target = await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, cancellationToken: cancellationToken);
        var attached = await SendAsync("Target.attachToTarget",
            new JsonObject { ["targetId"] = target.GetProperty("targetId").GetString(), ["flatten"] = true }, cancellationToken: cancellationToken);
        var page = new DevToolsPage(this, attached.GetProperty("sessionId").GetString()!);
        await page.SendAsync("Page.enable", cancellationToken: cancellationToken);
        await page.SendAsync("Runtime.enable", cancellationToken: cancellationToken);
        return page;
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (received.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage) continue;
                using var document = JsonDocument.Parse(message.ToArray());
                message.SetLength(0);
                if (document.RootElement.TryGetProperty("id", out var id) && _pending.TryRemove(id.GetInt32(), out var waiter))
                    waiter.TrySetResult(document.RootElement.Clone());
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // closing, or the browser went away: fail whoever still waits
        }
        foreach (var waiter in _pending.Values) waiter.TrySetException(new IOException("The DevTools connection closed."));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _receiveLoop; } catch (OperationCanceledException) { }
        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }
}
