using System.Net;
using ChainTrader.Tests.Infrastructure;
using static ChainTrader.Tests.Webhook.TelegramInFixture;

namespace ChainTrader.Tests.Webhook;

/// <summary>
/// Issue 12 (8, 9): an update with the right secret that the bot cannot use is answered 200 (dropped, logged, counted) or
/// 400, never 500 (Telegram redelivers a 5xx in order, so one would block every later update), and no answer names a .NET
/// type. With storage down the webhook answers 503 within a second, so Telegram retries, and the retry is as cheap.
/// </summary>
[Collection(TelegramInCollection.Name)]
public class MalformedUpdateTests(TelegramInFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetGatesAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private const string From = """{"id":1001,"is_bot":false,"first_name":"T"}""";
    private const string Chat = """{"id":1001,"type":"private"}""";

    private static string Press(string data) =>
        $$$"""{"callback_query":{"id":"cq1","from":{{{From}}},"chat_instance":"1","message":{"message_id":7,"chat":{{{Chat}}},"date":1,"text":"q"},"data":{{{System.Text.Json.JsonSerializer.Serialize(data)}}}}}""";

    private static string Text(string text) =>
        $$$"""{"message":{"message_id":7,"from":{{{From}}},"chat":{{{Chat}}},"date":1,"text":{{{System.Text.Json.JsonSerializer.Serialize(text)}}}}}""";

    /// <summary>Each case is the body after "update_id"; the first line names it.</summary>
    public static readonly (string Name, string Body)[] Cases =
    [
        ("message without chat", $$$"""{"message":{"message_id":7,"from":{{{From}}},"date":1,"text":"/help"}}"""),
        ("chat null", $$$"""{"message":{"message_id":7,"from":{{{From}}},"chat":null,"date":1,"text":"/help"}}"""),
        ("chat without id", $$$"""{"message":{"message_id":7,"from":{{{From}}},"chat":{"type":"private"},"date":1,"text":"/help"}}"""),
        ("chat id a string", $$$"""{"message":{"message_id":7,"from":{{{From}}},"chat":{"id":"abc"},"date":1,"text":"/help"}}"""),
        ("text a number", $$$"""{"message":{"message_id":7,"from":{{{From}}},"chat":{{{Chat}}},"date":1,"text":5}}"""),
        ("from an array", $$$"""{"message":{"message_id":7,"from":[],"chat":{{{Chat}}},"date":1,"text":"/help"}}"""),
        ("message a string", """{"message":"hello"}"""),
        ("date past year 9999", $$$"""{"message":{"message_id":7,"from":{{{From}}},"chat":{{{Chat}}},"date":999999999999,"text":"/help"}}"""),
        ("chat type a number", $$$"""{"message":{"message_id":7,"from":{{{From}}},"chat":{"id":1001,"type":5},"date":1,"text":"/help"}}"""),
        ("from without id", $$$"""{"message":{"message_id":7,"from":{"is_bot":false,"first_name":"T"},"chat":{{{Chat}}},"date":1,"text":"/help"}}"""),
        ("keyboard without rows", $$$"""{"callback_query":{"id":"cq1","from":{{{From}}},"chat_instance":"1","message":{"message_id":7,"chat":{{{Chat}}},"date":1,"reply_markup":{}},"data":"tc:t1:n"}}"""),
        ("callback_query a number", """{"callback_query":7}"""),
        ("callback without from", """{"callback_query":{"id":"cq1","chat_instance":"1","data":"tc:t1:n"}}"""),
        ("callback without id", $$$"""{"callback_query":{"from":{{{From}}},"chat_instance":"1","data":"tc:t1:n"}}"""),
        ("callback message without chat", $$$"""{"callback_query":{"id":"cq1","from":{{{From}}},"chat_instance":"1","message":{"message_id":7,"date":0},"data":"tc:t1:n"}}"""),
        ("trade button with '/'", Press("tc:t1/x:nonce")),
        ("trade button with '#?\\'", Press("tx:t#1?\\:nonce")),
        ("trade button with a control character", Press("tc:t1\u0001:nonce")),
        ("trade button of 2,000 characters", Press("tc:" + new string('a', 2000) + ":nonce")),
        ("cancel button of 2,000 characters", Press("tx:t1:" + new string('/', 2000))),
        ("LIVE button with '/'", Press("live:1/2:nonce:y")),
        ("LIVE button of 2,000 characters", Press("live:1:" + new string('?', 2000) + ":y")),
        ("button of 2,000 control characters", Press(new string('\u0007', 2000))),
        ("/cancel with a control character", Text("/cancel t1\u0000")),
        ("/status with '/'", Text("/status t1/../x")),
        ("/history of 2,000 characters", Text("/history " + new string('#', 2000))),
        ("/watch label with control characters", Text("/watch 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 devnet a\u0001b")),
        ("/tx with '?'", Text("/tx 0x?")),
    ];

    [Fact]
    public async Task UnusableUpdatesAreAnswered200Or400WithoutTypeNamesAndDoNotBlockTheNext()
    {
        var notifier = new RecordingNotifier();
        await using var app = await fixture.StartAppAsync(notifier);
        foreach (var (name, body) in Cases)
        {
            var json = "{\"update_id\":" + NextUpdateId() + "," + body[1..];
            var (status, answer, _) = await Updates.PostAsync(app, json);
            Assert.True(status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{name}: answered {(int)status}: {answer}");
            Assert.DoesNotContain("System.", answer, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", answer, StringComparison.Ordinal);
            Assert.DoesNotContain("ChainTrader.", answer, StringComparison.Ordinal);

            // The next update is handled as usual.
            var next = NextUpdateId();
            await Updates.DeliverAsync(app, Updates.Message(next, Admin, "/execution_mode"));
            Assert.StartsWith("Execution mode: <b>DRY_RUN</b>", notifier.Reply(next).Html);
        }

        var metrics = await app.Http.GetStringAsync("/metrics");
        Assert.Contains("trader_webhook_updates_dropped_total", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithStorageDownTheWebhookAnswers503WithinASecondEachTime()
    {
        var azurite = await AzuriteServer.StartAsync();
        var notifier = new RecordingNotifier();
        await using var app = await fixture.StartAppAsync(notifier, tweak: s => s["AzureWebJobsStorage"] = azurite.ConnectionString);
        await azurite.DisposeAsync();

        var update = Updates.Message(NextUpdateId(), Trader, "/help");
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var (status, answer, elapsed) = await Updates.PostAsync(app, update);
            Assert.True(status == HttpStatusCode.ServiceUnavailable, $"attempt {attempt}: answered {(int)status} after {elapsed.TotalMilliseconds:F0} ms: {answer}");
            // The check has an 800 ms budget and no retries. The bound is far above the budget, so a loaded machine
            // cannot fail it, and below the storage client's retry ladder (4 retries from 500 ms, doubling), which
            // a check with retries would sit through before answering. The answer time itself is the webhook benchmark's.
            Assert.True(elapsed < TimeSpan.FromSeconds(5), $"attempt {attempt}: 503 after {elapsed.TotalMilliseconds:F0} ms");
            Assert.DoesNotContain("System.", answer, StringComparison.Ordinal);
        }
        Assert.Empty(notifier.Messages);
    }
}
