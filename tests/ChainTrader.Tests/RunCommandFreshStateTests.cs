using ChainTrader.Adapters.Storage;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChainTrader.Tests;

/// <summary>
/// `./run.sh` starts the stack with `devnet.js up`; run twice in a row (same working directory and state folder, as
/// run.sh does), the second run must not see the first run's storage: its chain is new, so its desk state must be too.
/// </summary>
[Collection(DevnetCollection.Name)]
public class RunCommandFreshStateTests
{
    [Fact]
    public async Task ASecondUpStartsWithEmptyStorageNextToItsNewChain()
    {
        await NodeKit.EnsureInstalledAsync();
        var manifest = Path.Combine(Path.GetTempPath(), $"chaintrader-up-{Guid.NewGuid():N}.json");
        try
        {
            await using (var first = await StartUpAsync(manifest))
            {
                var table = Tables(first).GetTable("RunMarker");
                Assert.True(await table.CreateIfNotExistsAsync());
                await table.InsertAsync(new TableRow("run", "first").Set("Note", "written by the first run"));
            }

            await using var second = await StartUpAsync(manifest);
            // CreateIfNotExists is true only when the table did not exist: the first run's table is gone with its chain.
            var again = Tables(second).GetTable("RunMarker");
            Assert.True(await again.CreateIfNotExistsAsync(), "the second run still has the first run's RunMarker table");
            Assert.Null(await again.GetAsync("run", "first"));
        }
        finally
        {
            File.Delete(manifest);
        }
    }

    private static Task<ChildProcess> StartUpAsync(string manifest) =>
        ChildProcess.StartAsync("node", ["devnet.js", "up", "--manifest", manifest], RepoPaths.Devnet, TimeSpan.FromSeconds(240));

    private static TableAccount Tables(ChildProcess up) =>
        new(new HttpClient(), StorageConnection.Parse(up.Ready.GetProperty("connectionString").GetString()!),
            Options.Create(new TableStorageOptions()), NullLogger<TableAccount>.Instance, TimeProvider.System);
}
