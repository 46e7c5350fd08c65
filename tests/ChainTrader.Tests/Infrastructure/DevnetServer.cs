using ChainTrader.Application.Configuration;

namespace ChainTrader.Tests.Infrastructure;

public sealed class DevnetServer : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private DevnetServer(ChildProcess process)
    {
        _process = process;
        RpcUrl = new Uri(process.Ready.GetProperty("rpcUrl").GetString()!);
        ManifestPath = process.Ready.GetProperty("manifest").GetString()!;
        Manifest = DevnetManifest.Load(ManifestPath);
    }

    public Uri RpcUrl { get; }
    public string ManifestPath { get; }
    public DevnetManifest Manifest { get; }

    public static async Task<DevnetServer> StartAsync()
    {
        await NodeKit.EnsureInstalledAsync();
        var manifest = Path.Combine(Path.GetTempPath(), $"chaintrader-devnet-{Environment.ProcessId}.json");
        var process = await ChildProcess.StartAsync("node", ["devnet.js", "chain", "--manifest", manifest], RepoPaths.Devnet, TimeSpan.FromSeconds(180));
        return new DevnetServer(process);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
