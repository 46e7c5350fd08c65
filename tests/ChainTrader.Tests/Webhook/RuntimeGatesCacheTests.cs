using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Commands;
using ChainTrader.Application.Configuration;
using ChainTrader.Application.Gates;
using ChainTrader.Application.Storage;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChainTrader.Tests.Webhook;

/// <summary>
/// An instance's own gate change must hold in its cache even when a refresh of the gates was reading the table at the
/// same moment (the start-up warm-up does exactly that): the refresh must not put back the value from before the change.
/// </summary>
[Collection(TelegramInCollection.Name)]
public class RuntimeGatesCacheTests(TelegramInFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetGatesAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Holds the answer to the first whole-partition query of the gates until the test releases it.</summary>
    private sealed class HoldFirstGatesQuery : DelegatingHandler
    {
        private int _held;
        public TaskCompletionSource Answered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HoldFirstGatesQuery() : base(new SocketsHttpHandler()) { }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var isQuery = request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.EndsWith($"/{TableRuntimeGates.TableName}()", StringComparison.Ordinal);
            if (isQuery && Interlocked.Exchange(ref _held, 1) == 0)
            {
                Answered.SetResult();
                await Release.Task.WaitAsync(cancellationToken);
            }
            return response;
        }
    }

    [Fact]
    public async Task AChangeMadeWhileARefreshWasReadingStaysInForce()
    {
        var handler = new HoldFirstGatesQuery();
        var service = new TableAccount(new HttpClient(handler), StorageConnection.Parse(fixture.Azurite.ConnectionString),
            Options.Create(new TableStorageOptions()), NullLogger<TableAccount>.Instance, TimeProvider.System);
        // A clock that never moves: whatever is cached stays cached, so a stale snapshot would never heal by itself.
        var gates = new TableRuntimeGates(new AppTables(service), new ManualClock(), Options.Create(new ChainTraderOptions()));

        var refresh = gates.CurrentAsync(CancellationToken.None);
        await handler.Answered.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the refresh has read "not stopped" and is held
        await gates.ApplyAsync(GateChange.EmergencyStop(true), TelegramInFixture.Admin, $"test:{Guid.NewGuid():N}", "drill", CancellationToken.None);
        handler.Release.SetResult();

        Assert.True((await refresh).EmergencyStop);
        Assert.True((await gates.CurrentAsync(CancellationToken.None)).EmergencyStop);
    }
}
