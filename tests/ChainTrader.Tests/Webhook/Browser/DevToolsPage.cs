using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChainTrader.Tests.Webhook.Browser;

/// <summary>One attached tab: navigate, evaluate JavaScript, take screenshots.</summary>
public sealed class DevToolsPage(DevToolsClient client, string sessionId)
{
    public Task<JsonElement> SendAsync(string method, JsonObject? parameters = null, CancellationToken cancellationToken = default) =>
        client.SendAsync(method, parameters, sessionId, cancellationToken);

    /// <summary>Navigates and waits until the document has loaded.</summary>
    public async Task NavigateAsync(Uri url, CancellationToken cancellationToken)
    {
        var navigation = await SendAsync("Page.navigate", new JsonObject { ["url"] = url.AbsoluteUri }, cancellationToken);
        if (navigation.TryGetProperty("errorText", out var error) && error.GetString() is { Length: > 0 } text)
            throw new InvalidOperationException($"Navigating to {url} failed: {text}");
        await WaitUntilAsync("document.readyState === 'complete'", TimeSpan.FromSeconds(15), cancellationToken);
    }

    /// <summary>Evaluates an expression (promises awaited) and returns its JSON value; a thrown exception is rethrown here.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression, CancellationToken cancellationToken)
    {
        var result = await SendAsync("Runtime.evaluate",
            new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true }, cancellationToken);
        if (result.TryGetProperty("exceptionDetails", out var exception))
            throw new InvalidOperationException($"Page script failed: {exception.GetRawText()}");
        var value = result.GetProperty("result");
        return value.TryGetProperty("value", out var json) ? json.Clone() : default;
    }

    /// <summary>Polls a boolean expression until it is true, or fails after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(string condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await EvaluateAsync($"Boolean({condition})", cancellationToken);
            if (value.ValueKind == JsonValueKind.True) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Not true within {timeout.TotalSeconds:0} s: {condition}");
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Captures the viewport as PNG and writes it to <paramref name="path"/>.</summary>
    public async Task<byte[]> ScreenshotAsync(string path, CancellationToken cancellationToken)
    {
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" }, cancellationToken);
        var png = Convert.FromBase64String(shot.GetProperty("data").GetString()!);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, png, cancellationToken);
        return png;
    }
}
