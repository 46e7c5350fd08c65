using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChainTrader.Tests.Rpc;

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
