using ChainTrader.Adapters.Storage;
using ChainTrader.Application.Storage;
using ChainTrader.Application.Telemetry;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChainTrader.Tests.Operations;

public sealed class OperationsFixture : IAsyncLifetime
{
    private static long _nextStartDay;

    public AzuriteServer Azurite { get; private set; } = null!;

    public async Task InitializeAsync() => Azurite = await AzuriteServer.StartAsync();

    public async Task DisposeAsync() => await Azurite.DisposeAsync();

    public TableAccount Service() =>
        new(new HttpClient(), StorageConnection.Parse(Azurite.ConnectionString), Options.Create(new TableStorageOptions()),
            NullLogger<TableAccount>.Instance, TimeProvider.System);

    public AppTables Tables() => new(Service());

    /// <summary>A clock a day after the previous test's, so rows a test leaves behind (signals, alert states) never fall in the next one's windows.</summary>
    public static ManualClock NextClock() =>
        new(new DateTimeOffset(2027, 1, 1, 12, 0, 0, TimeSpan.Zero).AddDays(Interlocked.Increment(ref _nextStartDay)));

    public static IOptions<TelemetryOptions> Telemetry(int latencyWarnMs = 2000) => Options.Create(new TelemetryOptions { LatencyWarnMs = latencyWarnMs });
}
