using ChainTrader.Functions.Telemetry;
using ChainTrader.Adapters.Storage;
using ChainTrader.Application.Chains;
using ChainTrader.Application.Commands;
using ChainTrader.Application.Configuration;
using ChainTrader.Application.Health;
using ChainTrader.Functions.Hosting;
using ChainTrader.Functions.Hosting.Durable;
using ChainTrader.Application.Notifications;
using ChainTrader.Application.Operations;
using ChainTrader.Application.Oracles;
using ChainTrader.Application.Storage;
using ChainTrader.Application.Trades;
using ChainTrader.Application.Watching;
using Microsoft.Extensions.Options;

namespace ChainTrader.Functions;

/// <summary>Composition root: the same services and [Function] methods, under the Functions host or the standalone host.</summary>
public static class ChainTraderApp
{
    /// <summary>The standalone host: serves the HTTP functions, fires the timers and consumes the queues itself.</summary>
    /// <param name="args">Command-line arguments (ASP.NET Core style, e.g. --urls).</param>
    /// <param name="environment">Reads process environment variables; tests pass their own.</param>
    /// <param name="configure">Last-moment changes to the builder (tests replace the clock or add settings).</param>
    public static WebApplication Build(string[] args, Func<string, string?>? environment = null, Action<WebApplicationBuilder>? configure = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls(HostingMode.StandaloneUrl);
        // Standalone, the console is the log: one JSON object a line. Under the Functions host the worker's own provider
        // carries logs to the host, so it must stay.
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o => { o.IncludeScopes = true; o.UseUtcTimestamp = true; });
        AddChainTrader(builder, environment);
        builder.Services.AddSingleton<FunctionInvoker>();
        // First of the standalone services: whatever starts orchestrations finds the engine serving.
        builder.Services.AddLocalDurableEngine(builder.Configuration);
        builder.Services.AddHostedService<QueueListener>();
        builder.Services.AddHostedService<StandaloneScheduler>();

        configure?.Invoke(builder);
        builder.AddChainTraderLogExport();

        var app = builder.Build();
        // Resolved here so a parameter the host cannot bind fails the start, naming the function.
        app.MapFunctions(app.Services.GetRequiredService<FunctionIndex>(), app.Services.GetRequiredService<FunctionInvoker>());
        return app;
    }

    /// <summary>Everything both hosts share: configuration sources, logging, telemetry and the app's services.</summary>
    public static void AddChainTrader(IHostApplicationBuilder builder, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // local.settings.json sits below environment variables and the command line, as under `func start`.
        var localSettings = environment("LOCAL_SETTINGS_PATH") ?? Path.Combine(Directory.GetCurrentDirectory(), "local.settings.json");
        var sources = builder.Configuration.Sources;
        var envIndex = sources.ToList().FindIndex(s => s is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource);
        var local = new ConfigurationBuilder().AddLocalSettingsJson(localSettings);
        foreach (var source in local.Sources) sources.Insert(Math.Max(envIndex, 0), source);

        // The factory's per-request Information lines (start, end, headers) are most of the volume and say nothing an
        // operator acts on; failures still log at Warning.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.AddChainTraderTelemetry();

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<ChainTraderOptions>().Bind(builder.Configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChainTraderOptions>, ChainTraderOptionsValidator>();
        services.AddSingleton(sp => ChainCatalog.Build(sp.GetRequiredService<IOptions<ChainTraderOptions>>().Value, sp.GetRequiredService<IConfiguration>(), []));
        services.AddHttpClient();
        // RPC URLs can carry API keys in their path: the factory's request logging would print them.
        services.AddHttpClient(ChainRpcPools.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();
        services.AddTableStorage(builder.Configuration);
        services.AddSingleton<AppTables>();
        services.AddSingleton<ChainRpcPools>();
        services.AddSingleton<ChainStateGuard>();
        services.AddHostedService(sp => sp.GetRequiredService<ChainStateGuard>());

        services.AddSingleton(FunctionIndex.Discover(typeof(ChainTraderApp).Assembly));
        services.AddSingleton<HintQueues>();
        services.AddOptions<QueueOptions>().Bind(builder.Configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<QueueOptions>, QueueOptionsValidator>();
        services.AddSingleton<ReadinessProbe>();
        services.AddSingleton<IReadinessCheck, StorageReadinessCheck>();
        services.AddSingleton<IReadinessCheck, RpcReadinessCheck>();
        services.AddSingleton<IReadinessCheck, ChainStateReadinessCheck>();
        services.AddSingleton<IReadinessCheck, TelegramReadinessCheck>();
        services.AddTelegramCommands(builder.Configuration);
        services.AddTelegramDelivery(builder.Configuration);
        services.AddWalletWatcher(builder.Configuration);
        services.AddOracles(builder.Configuration);
        services.AddTrading(builder.Configuration);
        services.AddOperations(builder.Configuration);
    }
}
