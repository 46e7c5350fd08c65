using ChainTrader.Adapters.Storage;
using ChainTrader.Application.Gates;
using ChainTrader.Application.Notifications;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChainTrader.Tests.Webhook;

public sealed class TelegramInFixture : IAsyncLifetime
{
    public const long Trader = 1001, Admin = 2002, SuperAdmin = 3003, OtherSuperAdmin = 3004, Stranger = 9009;

    private static long _nextUpdateId = 500_000_000 + Random.Shared.Next(1_000_000) * 100L;

    public AzuriteServer Azurite { get; private set; } = null!;

    public async Task InitializeAsync() => Azurite = await AzuriteServer.StartAsync();

    public async Task DisposeAsync() => await Azurite.DisposeAsync();

    public static long NextUpdateId() => Interlocked.Increment(ref _nextUpdateId);

    public Dictionary<string, string?> Settings()
    {
        var settings = AppHost.BaseSettings();
        settings["AzureWebJobsStorage"] = Azurite.ConnectionString;
        settings["ALLOWED_USER_IDS"] = $"{Trader}";
        settings["ADMIN_USER_IDS"] = $"{Admin}";
        // Alerts go to the admin chat; here the admin's private chat (its id is the admin's user id).
        settings["ADMIN_CHAT_ID"] = $"{Admin}";
        settings["SUPER_ADMIN_IDS"] = $"{SuperAdmin},{OtherSuperAdmin}";
        settings["GATES_POLL_INTERVAL_S"] = "1";
        settings["TELEGRAM_BOT_USERNAME"] = "chaintrader_bot";
        settings["CHAIN_DEVNET_RPC_URLS"] = "http://127.0.0.1:9";
        settings["READINESS_TIMEOUT_S"] = "1";
        return settings;
    }

    /// <summary>The real app as the Functions host runs it, over this Azurite, with a recording notifier and optionally a manual clock.</summary>
    public async Task<AppHost> StartAppAsync(RecordingNotifier notifier, TimeProvider? clock = null, Action<Dictionary<string, string?>>? tweak = null)
    {
        var settings = Settings();
        tweak?.Invoke(settings);
        var app = await AppHost.StartAsync(settings, ownTimers: false, services =>
        {
            services.AddSingleton<INotifier>(new WithoutConfigAnnouncements(notifier));
            if (clock is not null) services.AddSingleton(clock);
        });
        // One update with nothing to act on warms the endpoint (JIT, tables) before a test's own updates.
        await Updates.DeliverAsync(app, $$"""{ "update_id": {{NextUpdateId()}} }""");
        return app;
    }

    /// <summary>Puts every gate back to its default and forgets pending confirmations.</summary>
    public async Task ResetGatesAsync()
    {
        var table = Table(TableRuntimeGates.TableName);
        await table.CreateIfNotExistsAsync();
        await foreach (var row in table.QueryAsync())
            await table.DeleteAsync(row.PartitionKey, row.RowKey);
    }

    public EntityTable Table(string name) =>
        new TableAccount(new HttpClient(), StorageConnection.Parse(Azurite.ConnectionString),
            Microsoft.Extensions.Options.Options.Create(new TableStorageOptions()), Microsoft.Extensions.Logging.Abstractions.NullLogger<TableAccount>.Instance, TimeProvider.System)
            .GetTable(name);
}
