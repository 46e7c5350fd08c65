namespace ChainTrader.Tests.Infrastructure;

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
