using ChainTrader.Adapters.Storage;

namespace ChainTrader.Tests.Storage;

/// <summary>One fresh table per test class (tests inside use their own partition keys).</summary>
public sealed class AzuriteTableFixture : IAsyncLifetime
{
    public TableAccount Service { get; private set; } = null!;
    public EntityTable Table { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Service = await AzuriteTables.ServiceAsync();
        Table = Service.GetTable(AzuriteTables.UniqueName("ct"));
        Assert.True(await Table.CreateIfNotExistsAsync());
    }

    public async Task DisposeAsync() => await Table.DeleteTableAsync();
}
