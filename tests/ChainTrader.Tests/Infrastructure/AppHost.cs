using ChainTrader.Functions.Hosting;
using Microsoft.Extensions.Hosting;
using System.Net;
using System.Net.Sockets;
using ChainTrader.Functions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChainTrader.Tests.Infrastructure;

/// <summary>The real function app, started in-process on a free loopback port with the settings a test gives.</summary>
public sealed class AppHost : IAsyncDisposable
{
    public const string WebhookSecret = "test-webhook-secret_0123456789";

    /// <summary>Azurite on its default ports, which no test runs: <see cref="StartAsync"/> gives such an app a private Azurite.</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    private readonly AzuriteServer? _ownStorage;

    private AppHost(WebApplication app, Uri baseAddress, AzuriteServer? ownStorage)
    {
        _ownStorage = ownStorage;
        App = app;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }
    public Uri BaseAddress { get; }
    public HttpClient Http { get; }
    public IServiceProvider Services => App.Services;

    public static Dictionary<string, string?> BaseSettings() => new()
    {
        ["TELEGRAM_WEBHOOK_SECRET"] = WebhookSecret,
        ["TELEGRAM_BOT_TOKEN"] = "123456:TEST-token-for-tests",
        ["AzureWebJobsStorage"] = DevelopmentStorage,
        // A closed loopback port: the app calls Telegram at start (setMyCommands), and no test may reach api.telegram.org.
        ["TELEGRAM_API_BASE_URL"] = "http://127.0.0.1:9",
        // The 700 ms production budget guards Telegram's one-second answer; on a loaded 2-core CI machine a first
        // /quote or /balance (cold JIT, new connections) can take longer. The test of the budget sets its own.
        ["COMMAND_RPC_BUDGET_MS"] = "5000",
        // Apps sharing one Azurite must not share a Durable task hub (they would take each other's work).
        ["TaskHubName"] = "t" + Guid.NewGuid().ToString("N")[..20],
    };

    /// <summary>
    /// Starts the app. Settings naming no storage or the development storage get a private Azurite, owned by the returned host: the app's
    /// Durable engine keeps its task hub in storage and starts with the app.
    /// </summary>
    /// <param name="ownTimers">False: no timers of the app's own, as under the Functions host when a test fires them itself
    /// (queue messages are still consumed, as the host's queue trigger would).</param>
    public static async Task<AppHost> StartAsync(IDictionary<string, string?> settings, bool ownTimers = true,
        Action<IServiceCollection>? services = null)
    {
        var ownStorage = settings.TryGetValue("AzureWebJobsStorage", out var storage) && storage != DevelopmentStorage ? null : await AzuriteServer.StartAsync();
        try
        {
            return await StartWithAsync(settings, ownTimers, services, ownStorage);
        }
        catch
        {
            if (ownStorage is not null) await ownStorage.DisposeAsync();
            throw;
        }
    }

    private static async Task<AppHost> StartWithAsync(IDictionary<string, string?> settings, bool ownTimers, Action<IServiceCollection>? services, AzuriteServer? ownStorage)
    {
        var environment = (string name) => name == "LOCAL_SETTINGS_PATH" ? Path.Combine(Path.GetTempPath(), "chaintrader-tests-no-local-settings.json")
            : Environment.GetEnvironmentVariable(name);
        var app = ChainTraderApp.Build(["--urls", "http://127.0.0.1:0"], environment, builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            if (ownStorage is not null) builder.Configuration["AzureWebJobsStorage"] = ownStorage.ConnectionString;
            if (!ownTimers) WithoutHostedService<StandaloneScheduler>(builder.Services);
            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new AppHost(app, new Uri(address), ownStorage);
    }

    /// <summary>Takes one of the standalone host's trigger services out, for a test that fires those triggers itself.</summary>
    public static void WithoutHostedService<T>(IServiceCollection services) where T : IHostedService
    {
        foreach (var hosted in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(T)).ToList())
            services.Remove(hosted);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (_ownStorage is not null) await _ownStorage.DisposeAsync();
    }
}
