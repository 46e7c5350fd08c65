using ChainTrader.Functions.Hosting;
using ChainTrader.Functions.Hosting.Durable;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChainTrader.Tests.Hosting.Durable;

/// <summary>A host carrying only the local Durable engine, on the probe functions of this test assembly.</summary>
public sealed class EngineHost : IAsyncDisposable
{
    private readonly IHost _host;

    private EngineHost(IHost host) => _host = host;

    public DurableTaskClient Client => _host.Services.GetRequiredService<DurableTaskClient>();
    public LocalDurableEngine Engine => _host.Services.GetRequiredService<LocalDurableEngine>();
    public IServiceProvider Services => _host.Services;

    /// <summary>A task hub name no other test uses (letters and digits, starting with a letter).</summary>
    public static string NewHubName() => "t" + Guid.NewGuid().ToString("N")[..20];

    public static async Task<EngineHost> StartAsync(string storage, string hub, ProbeLog log, TimeSpan? polling = null, ProbeGate? gate = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storage,
            ["TaskHubName"] = hub,
            ["DurableMaxQueuePollingInterval"] = (polling ?? TimeSpan.FromSeconds(1)).ToString(),
        });
        builder.Services.AddLogging();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(log);
        builder.Services.AddSingleton(gate ?? new ProbeGate());
        builder.Services.AddSingleton(FunctionIndex.Discover([typeof(ProbeFunctions)]));
        builder.Services.AddLocalDurableEngine(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return new EngineHost(host);
    }

    public Task StopAsync() => _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
