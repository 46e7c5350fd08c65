using ChainTrader.Functions.Configuration;

namespace ChainTrader.Tests.Infrastructure;

/// <summary>
/// Azurite and the Hardhat devnet, each started once per test run on free loopback ports and shared by
/// every test that asks for it (starting them per test would make the suite slow). Tests that change
/// chain state they depend on take an evm_snapshot and revert it.
/// </summary>
public static class LocalStack
{
    private static readonly Lazy<Task<AzuriteServer>> Azurite = new(AzuriteServer.StartAsync);
    private static readonly Lazy<Task<DevnetServer>> Devnet = new(DevnetServer.StartAsync);

    static LocalStack()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (Azurite.IsValueCreated && Azurite.Value.IsCompletedSuccessfully) Azurite.Value.Result.DisposeAsync().AsTask().Wait(5000);
            if (Devnet.IsValueCreated && Devnet.Value.IsCompletedSuccessfully) Devnet.Value.Result.DisposeAsync().AsTask().Wait(5000);
        };
    }

    public static Task<AzuriteServer> AzuriteAsync() => Azurite.Value;
    public static Task<DevnetServer> DevnetAsync() => Devnet.Value;
}

public sealed class AzuriteServer : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private AzuriteServer(ChildProcess process)
    {
        _process = process;
        ConnectionString = process.Ready.GetProperty("connectionString").GetString()!;
        TableEndpoint = new Uri(process.Ready.GetProperty("tableEndpoint").GetString()!);
        QueueEndpoint = new Uri(process.Ready.GetProperty("queueEndpoint").GetString()!);
    }

    public string ConnectionString { get; }
    public Uri TableEndpoint { get; }
    public Uri QueueEndpoint { get; }

    public static async Task<AzuriteServer> StartAsync()
    {
        await NodeKit.EnsureInstalledAsync();
        var process = await ChildProcess.StartAsync("node", ["devnet.js", "azurite", "--in-memory"], RepoPaths.Devnet, TimeSpan.FromSeconds(60));
        return new AzuriteServer(process);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}

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

/// <summary>
/// Every test class that uses the shared devnet joins this collection, so they run one at a time: they share
/// funded accounts (nonces) and some take evm_snapshot/evm_revert, which would undo another class's work.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DevnetCollection
{
    public const string Name = "devnet";
}
