using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChainTrader.Core.Telegram;
using ChainTrader.Application.Commands;
using ChainTrader.Tests.Infrastructure;

namespace ChainTrader.Tests.Webhook;

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

    /// <summary>
    /// Delivers an update as Telegram does and requires 200; returns the answer body. A 503 (the dedupe check ran past
    /// its storage budget, so nothing was done) is delivered again, as Telegram would, for up to 30 s: on a loaded
    /// machine that budget is sometimes missed. How fast the webhook answers (SPEC 6: within a second) is the webhook
    /// benchmark's figure, not a test's.
    /// </summary>
    public static async Task<string> DeliverAsync(AppHost app, string json)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        var (status, body, _) = await PostAsync(app, json);
        while (status == HttpStatusCode.ServiceUnavailable && DateTimeOffset.UtcNow < deadline)
            (status, body, _) = await PostAsync(app, json);
        Assert.True(status == HttpStatusCode.OK, $"webhook answered {(int)status}: {body}");
        return body;
    }

    public static JsonElement Json(string body) => JsonDocument.Parse(body).RootElement.Clone();
}
