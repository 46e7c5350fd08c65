using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using ChainTrader.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChainTrader.Tests.Rpc;

/// <summary>Writes the answer to one JSON-RPC HTTP request.</summary>
public delegate Task RpcResponder(string requestBody, HttpResponse response, CancellationToken aborted);

/// <summary>
/// A JSON-RPC endpoint on 127.0.0.1 (ephemeral port) in this process whose behaviour tests can switch at any time:
/// forward to a real node (optionally rewriting results), answer slowly, with garbage, or with an HTTP error.
/// </summary>
public sealed class RpcTestEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile RpcResponder _behavior;
    private int _requests;

    private RpcTestEndpoint(WebApplication app, RpcResponder behavior)
    {
        _app = app;
        _behavior = behavior;
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>HTTP requests received so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public RpcResponder Behavior
    {
        get => _behavior;
        set => _behavior = value;
    }

    public static async Task<RpcTestEndpoint> StartAsync(RpcResponder behavior)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var endpoint = new RpcTestEndpoint(app, behavior);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            Interlocked.Increment(ref endpoint._requests);
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            try
            {
                await endpoint._behavior(body, context.Response, context.RequestAborted);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client gave up (timeout test); nothing to answer.
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        endpoint.Url = new Uri(address + "/");
        return endpoint;
    }

    /// <summary>A loopback URL where nothing listens: connections are refused.</summary>
    public static Uri ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public static class Responders
{
    private static readonly HttpClient Upstream = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Passes the request to <paramref name="upstream"/>; <paramref name="rewrite"/> may replace each result by method.</summary>
    public static RpcResponder Forward(Uri upstream, Func<string, JsonNode?, JsonNode?>? rewrite = null) => async (body, response, aborted) =>
    {
        using var forwarded = await Upstream.PostAsync(upstream, new StringContent(body, Encoding.UTF8, "application/json"), aborted);
        var answer = await forwarded.Content.ReadAsStringAsync(aborted);
        if (rewrite is not null) answer = Rewrite(body, answer, rewrite);
        response.StatusCode = (int)forwarded.StatusCode;
        response.ContentType = "application/json";
        await response.WriteAsync(answer, aborted);
    };

    /// <summary>A minimal in-process node: answers eth_chainId and eth_blockNumber (single or batched) and nothing else.</summary>
    public static RpcResponder FakeChain(ulong chainId, ulong head) => async (body, response, aborted) =>
    {
        JsonNode Answer(JsonNode call) => new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = call["id"]!.GetValue<long>(),
            ["result"] = call["method"]!.GetValue<string>() switch
            {
                "eth_chainId" => Hex.Quantity(chainId),
                "eth_blockNumber" => Hex.Quantity(head),
                // Any block is the same empty one: enough for the desk's start-up genesis check.
                "eth_getBlockByNumber" => new JsonObject
                {
                    ["number"] = "0x0", ["hash"] = "0x" + new string('1', 64), ["parentHash"] = "0x" + new string('0', 64),
                    ["timestamp"] = "0x0", ["gasLimit"] = "0x1c9c380", ["gasUsed"] = "0x0",
                    ["miner"] = "0x" + new string('0', 40), ["transactions"] = new JsonArray(),
                },
                var other => throw new InvalidOperationException($"The fake chain does not implement {other}."),
            },
        };
        var request = JsonNode.Parse(body)!;
        var answer = request is JsonArray calls ? new JsonArray(calls.Select(c => Answer(c!)).ToArray()) : Answer(request);
        response.ContentType = "application/json";
        await response.WriteAsync(answer.ToJsonString(), aborted);
    };

    public static RpcResponder Slow(TimeSpan delay, RpcResponder then) => async (body, response, aborted) =>
    {
        await Task.Delay(delay, aborted);
        await then(body, response, aborted);
    };

    public static RpcResponder Text(int status, string text, string contentType = "text/plain") => async (_, response, aborted) =>
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        await response.WriteAsync(text, aborted);
    };

    public static RpcResponder Garbage() => Text(200, "<html><body>502 upstream exploded</body></html>", "text/html");

    /// <summary>Answers eth_chainId with another chain's id.</summary>
    public static RpcResponder WrongChain(Uri upstream, ulong chainId) =>
        Forward(upstream, (method, result) => method == "eth_chainId" ? JsonValue.Create(Hex.Quantity(chainId)) : result);

    /// <summary>Reports a head <paramref name="blocks"/> behind the real one.</summary>
    public static RpcResponder Lagging(Uri upstream, ulong blocks) =>
        Forward(upstream, (method, result) => method == "eth_blockNumber"
            ? JsonValue.Create(Hex.Quantity(Hex.ParseQuantity(result!.GetValue<string>()) - blocks))
            : result);

    private static string Rewrite(string requestBody, string answer, Func<string, JsonNode?, JsonNode?> rewrite)
    {
        var request = JsonNode.Parse(requestBody)!;
        var methods = (request is JsonArray calls ? calls.Select(c => c!) : [request])
            .ToDictionary(c => c["id"]!.GetValue<long>(), c => c["method"]!.GetValue<string>());
        var response = JsonNode.Parse(answer)!;
        foreach (var item in response is JsonArray items ? items.Select(i => i!) : [response])
        {
            if (item["result"] is not null || item.AsObject().ContainsKey("result"))
                item["result"] = rewrite(methods[item["id"]!.GetValue<long>()], item["result"]?.DeepClone());
        }
        return response.ToJsonString();
    }
}
