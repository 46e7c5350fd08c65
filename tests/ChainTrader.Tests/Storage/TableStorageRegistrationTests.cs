using ChainTrader.Adapters.Storage;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChainTrader.Tests.Storage;

public class TableStorageRegistrationTests
{
    [Fact]
    public async Task AddTableStorageWiresConfigurationOptionsAndTypedHttpClient()
    {
        var azurite = await LocalStack.AzuriteAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["TableStorage:MaxRetryAttempts"] = "2",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddTableStorage(configuration);
        await using var provider = services.BuildServiceProvider();

        var first = provider.GetRequiredService<TableAccount>();
        var second = provider.GetRequiredService<TableAccount>();
        Assert.Same(first.Connection, second.Connection);
        Assert.Equal(azurite.TableEndpoint, first.Connection.TableEndpoint);

        var table = first.GetTable(AzuriteTables.UniqueName("di"));
        Assert.True(await table.CreateIfNotExistsAsync());
        try
        {
            Assert.True(await table.TryInsertAsync(new TableRow("p", "r").Set("V", 1)));
            Assert.Equal(1, (await second.GetTable(table.Name).GetAsync("p", "r"))!.GetInt32("V"));
        }
        finally
        {
            await table.DeleteTableAsync();
        }
    }

    [Fact]
    public async Task InvalidRetryOptionsAreRejectedWithTheSettingName()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["TableStorage:MaxRetryAttempts"] = "-1",
        }).Build();
        await using var provider = new ServiceCollection().AddLogging().AddTableStorage(configuration).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<TableAccount>());
        Assert.Contains("TableStorage:MaxRetryAttempts", error.Message);
    }
}
