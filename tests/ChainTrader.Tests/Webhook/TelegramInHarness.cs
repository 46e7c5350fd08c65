using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Telegram;
using ChainTrader.Functions.Functions.TelegramWebhook;
using ChainTrader.Functions.Gates;
using ChainTrader.Functions.Notifications;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChainTrader.Tests.Webhook;

/// <summary>
/// The inbound Telegram tests share one private Azurite (the Dedupe, RuntimeGates and Audit tables have fixed names,
/// so no other test class may see them) and run one at a time; each test starts with the gates at their defaults.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TelegramInCollection : ICollectionFixture<TelegramInFixture>
{
    public const string Name = "telegram-in";
}

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
        var app = await AppHost.StartAsync(settings, customHandler: true, services =>
        {
            services.AddSingleton<INotifier>(new WithoutConfigAnnouncements(notifier));
            if (clock is not null) services.AddSingleton(clock);
        });
        // One update with nothing to act on warms the endpoint (JIT, tables), so the 1 s checks measure steady state. A cold
        // start can run past the webhook's storage budget and answer 503; Telegram would deliver it again, and so does this.
        var warmUp = $$"""{ "update_id": {{NextUpdateId()}} }""";
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        var (status, body, _) = await Updates.PostAsync(app, warmUp);
        while (status == System.Net.HttpStatusCode.ServiceUnavailable && DateTimeOffset.UtcNow < deadline)
            (status, body, _) = await Updates.PostAsync(app, warmUp);
        Assert.True(status == System.Net.HttpStatusCode.OK, $"warm-up update answered {(int)status}: {body}");
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

/// <summary>
/// These tests start apps with different settings over one storage, so a start may announce a configuration change
/// to the admins (the Operations tests cover that); it is not among the messages these tests count.
/// </summary>
internal sealed class WithoutConfigAnnouncements(INotifier inner) : INotifier
{
    public Task EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        message.DedupeKey.StartsWith("config:", StringComparison.Ordinal) ? Task.CompletedTask : inner.EnqueueAsync(message, cancellationToken);
}

public static class RecordedReplies
{
    /// <summary>The one reply to an update (dedupe key reply:{update_id}).</summary>
    public static OutboundMessage Reply(this RecordingNotifier notifier, long updateId) =>
        Assert.Single(notifier.Messages, m => m.DedupeKey == $"reply:{updateId}");
}

/// <summary>Builds Telegram updates and posts them to the webhook the way Telegram does.</summary>
public static class Updates
{
    public static string Message(long updateId, long userId, string text, long? chatId = null) => new JsonObject
    {
        ["update_id"] = updateId,
        ["message"] = new JsonObject
        {
            ["message_id"] = updateId % 100_000,
            ["from"] = new JsonObject { ["id"] = userId, ["is_bot"] = false, ["first_name"] = "Tester" },
            ["chat"] = new JsonObject { ["id"] = chatId ?? userId, ["type"] = chatId is < 0 ? "group" : "private" },
            ["date"] = 1_790_000_000,
            ["text"] = text,
        },
    }.ToJsonString();

    /// <summary>A button press on a bot message that carries <paramref name="keyboard"/> (as Telegram sends the message as it stands).</summary>
    public static string Press(long updateId, long userId, long chatId, long messageId, string data, IReadOnlyList<IReadOnlyList<InlineButton>>? keyboard) => new JsonObject
    {
        ["update_id"] = updateId,
        ["callback_query"] = new JsonObject
        {
            ["id"] = $"cq{updateId}",
            ["from"] = new JsonObject { ["id"] = userId, ["is_bot"] = false, ["first_name"] = "Tester" },
            ["chat_instance"] = "42",
            ["data"] = data,
            ["message"] = new JsonObject
            {
                ["message_id"] = messageId,
                ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private" },
                ["date"] = 1_790_000_000,
                ["text"] = "Switch?",
                ["reply_markup"] = keyboard is null ? null : new JsonObject
                {
                    ["inline_keyboard"] = new JsonArray(keyboard.Select(row => (JsonNode)new JsonArray(
                        row.Select(b => (JsonNode)new JsonObject { ["text"] = b.Text, ["callback_data"] = b.CallbackData }).ToArray())).ToArray()),
                },
            },
        },
    }.ToJsonString();

    public static async Task<(HttpStatusCode Status, string Body, TimeSpan Elapsed)> PostAsync(AppHost app, string json, string? secret = AppHost.WebhookSecret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (secret is not null) request.Headers.Add(TelegramWebhookEndpoint.SecretHeader, secret);
        var watch = Stopwatch.StartNew();
        using var response = await app.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body, watch.Elapsed);
    }

    /// <summary>Posts and requires 200 within a second (SPEC 6); returns the answer body.</summary>
    public static async Task<string> DeliverAsync(AppHost app, string json)
    {
        var (status, body, elapsed) = await PostAsync(app, json);
        Assert.True(status == HttpStatusCode.OK, $"webhook answered {(int)status}: {body}");
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"webhook took {elapsed.TotalMilliseconds:F0} ms");
        return body;
    }

    public static JsonElement Json(string body) => JsonDocument.Parse(body).RootElement.Clone();
}
