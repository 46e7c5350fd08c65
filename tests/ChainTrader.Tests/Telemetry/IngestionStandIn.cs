using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChainTrader.Tests.Telemetry;

/// <summary>
/// A local stand-in for Application Insights ingestion on 127.0.0.1: accepts POST /v2.1/track (gzip-compressed JSON,
/// newline-delimited envelopes or an array), records every envelope, and answers as the service does with the counts
/// received and accepted. Any other request is recorded too, so a test can show nothing else was asked of it.
/// </summary>
public sealed class IngestionStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<IngestedEnvelope> _envelopes = new();
    private readonly ConcurrentQueue<string> _requests = new();

    private IngestionStandIn(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;
    public IReadOnlyList<IngestedEnvelope> Envelopes => [.. _envelopes];
    /// <summary>"METHOD /path" of every request received.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];
    /// <summary>The connection string that points the exporter here.</summary>
    public string ConnectionString(string instrumentationKey) => $"InstrumentationKey={instrumentationKey};IngestionEndpoint={Url}";

    public static async Task<IngestionStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var standIn = new IngestionStandIn(app);
        app.Run(async context =>
        {
            standIn._requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            if (context.Request.Method != "POST" || context.Request.Path != "/v2.1/track")
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            var body = await ReadBodyAsync(context.Request);
            var items = Parse(body);
            foreach (var item in items) standIn._envelopes.Enqueue(item);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"itemsReceived":{{items.Count}},"itemsAccepted":{{items.Count}},"errors":[]}""");
        });
        await app.StartAsync();
        standIn.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single() + "/");
        return standIn;
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        using var raw = new MemoryStream();
        await request.Body.CopyToAsync(raw);
        raw.Position = 0;
        Stream content = request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(raw, CompressionMode.Decompress)
            : raw;
        using var reader = new StreamReader(content, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private static List<IngestedEnvelope> Parse(string body)
    {
        var texts = body.TrimStart().StartsWith('[')
            ? JsonDocument.Parse(body).RootElement.EnumerateArray().Select(e => e.GetRawText()).ToList()
            : body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var items = new List<IngestedEnvelope>();
        foreach (var text in texts)
        {
            var root = JsonDocument.Parse(text).RootElement;
            var tags = root.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Object
                ? t.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString())
                : new Dictionary<string, string>();
            var data = root.GetProperty("data");
            items.Add(new IngestedEnvelope(root.GetProperty("name").GetString()!, data.GetProperty("baseType").GetString()!, tags,
                data.GetProperty("baseData").Clone(), text));
        }
        return items;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
