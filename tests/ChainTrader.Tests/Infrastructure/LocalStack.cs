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
