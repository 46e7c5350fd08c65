using System.Diagnostics;
using ChainTrader.Adapters.Storage;
using ChainTrader.Adapters.Telegram;
using ChainTrader.Core.Telegram;
using ChainTrader.Application.Notifications;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;

namespace ChainTrader.Tests.Telegram;

/// <summary>
/// The real app (standalone mode, Notify through the notifications queue on Azurite, OutboxSweeper on its timer) delivering through the
/// Telegram stand-in, with Azurite as the shared Table Storage. Several tests run two app instances on the same tables.
/// Each test gets an Azurite of its own: a pending row one test leaves behind would otherwise be drained into the
/// next test's stand-in.
/// </summary>
public class OutboxDeliveryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private AzuriteServer _azurite = null!;

    public async Task InitializeAsync() => _azurite = await AzuriteServer.StartAsync();

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>Counts Table Storage requests of every app instance (one handler per pipeline, one shared tally).</summary>
    private sealed class StorageCounter
    {
        private long _requests;
        public long Requests => Interlocked.Read(ref _requests);
        public DelegatingHandler NewHandler() => new Handler(this);

        private sealed class Handler(StorageCounter counter) : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref counter._requests);
                return base.SendAsync(request, cancellationToken);
            }
        }
    }

    private sealed record Instance(AppHost Host, LogCapture Logs) : IAsyncDisposable
    {
        public INotifier Notifier => Host.Services.GetRequiredService<INotifier>();
        public OutboxTables Tables => Host.Services.GetRequiredService<OutboxTables>();
        public int Delivered => Logs.Lines.Count(l => l.Category.EndsWith(".OutboxDrainer", StringComparison.Ordinal) && l.Message.StartsWith("Delivered ", StringComparison.Ordinal));
        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }

    private async Task<Instance> StartAppAsync(TelegramStandIn standIn, StorageCounter? counter = null, bool ownTimers = true,
        Action<Dictionary<string, string?>>? tweak = null)
    {
        var settings = standIn.AppSettings(_azurite.ConnectionString);
        tweak?.Invoke(settings);
        var logs = new LogCapture();
        var host = await AppHost.StartAsync(settings, ownTimers, services =>
        {
            services.AddSingleton<ILoggerProvider>(logs);
            services.AddLogging(b => b.AddFilter<LogCapture>(null, LogLevel.Trace));
            if (counter is not null)
                services.AddHttpClient<TableAccount>().AddHttpMessageHandler(counter.NewHandler);
        });
        return new Instance(host, logs);
    }

    private static OutboundMessage Text(long chat, string key, string html, string? editOf = null, IReadOnlyList<IReadOnlyList<InlineButton>>? keyboard = null) =>
        new(chat, key, html, keyboard, editOf);

    [Fact]
    public async Task BurstOf200To20ChatsFromTwoInstancesArrivesCompleteInOrderWithinTheLimits()
    {
        await using var standIn = await TelegramStandIn.StartAsync(chatLimit: "1/1000");
        var counter = new StorageCounter();
        await using var a = await StartAppAsync(standIn, counter);
        await using var b = await StartAppAsync(standIn, counter);
        var chats = Enumerable.Range(1, 16).Select(i => 720_000L + i).Concat(Enumerable.Range(1, 4).Select(i => -1_000_720_000L - i)).ToArray();
        var watch = Stopwatch.StartNew();

        // Enqueues alternate between the instances, and half the chats start on each: the instance whose enqueue comes
        // first starts draining the chat, so each instance leads some chats rather than the first one leading them all.
        await Task.WhenAll(chats.Select(async (chat, index) =>
        {
            for (var i = 0; i < 10; i++)
                await ((i + index) % 2 == 0 ? a : b).Notifier.EnqueueAsync(Text(chat, $"burst:{chat}:{i}", $"#{i} for <b>{chat}</b>"), CancellationToken.None);
        }));
        var enqueued = watch.Elapsed;

        var calls = await standIn.WaitForCallsAsync(c => c.Count(x => x.Method == "sendMessage" && x.Ok) >= 200, Patience, "200 delivered messages");
        var elapsed = watch.Elapsed;
        await Task.Delay(2000); // anything extra (a duplicate) would show up now
        calls = await standIn.CallsAsync("sendMessage");
        var sent = calls.Where(c => c.Ok).ToList();

        Assert.Equal(200, sent.Count);
        foreach (var chat in chats)
        {
            var shown = await standIn.BotMessagesAsync(chat);
            Assert.Equal(Enumerable.Range(0, 10).Select(i => $"#{i} for {chat}"), shown.Select(m => m.Text));
            var times = sent.Where(c => c.ChatId == chat).Select(c => c.Time).Order().ToList();
            for (var i = 1; i < times.Count; i++)
                Assert.True(times[i] - times[i - 1] >= TimeSpan.FromSeconds(1), $"chat {chat}: sends {i - 1} and {i} only {(times[i] - times[i - 1]).TotalMilliseconds} ms apart");
        }
        var allTimes = sent.Select(c => c.Time).Order().ToList();
        var busiestSecond = allTimes.Select((t, i) => allTimes.Skip(i).TakeWhile(u => u - t < TimeSpan.FromSeconds(1)).Count()).Max();
        Assert.True(busiestSecond <= 25, $"{busiestSecond} sends within one second");

        // Every 429 (if any) was followed by the same message going through: nothing dropped.
        var refused = calls.Where(c => c.Status == 429).ToList();
        foreach (var refusal in refused)
            Assert.Contains(sent, s => s.ChatId == refusal.ChatId && s.Text == refusal.Text && s.Seq > refusal.Seq);
        // Which instance sends which chat is a race for the chat's lease (on a loaded machine one instance may win them all);
        // what matters is that two racing instances keep completeness, order and the limits, asserted above.
        Assert.Equal(200, a.Delivered + b.Delivered);

        var span = allTimes[^1] - allTimes[0];
        output.WriteLine($"enqueue 200: {enqueued.TotalMilliseconds:F0} ms; all delivered after {elapsed.TotalSeconds:F1} s; " +
                         $"first-to-last send {span.TotalSeconds:F1} s = {199 / span.TotalSeconds:F1} msg/s; busiest second {busiestSecond}; " +
                         $"429s {refused.Count}; instance a {a.Delivered}, b {b.Delivered}; storage requests {counter.Requests} = {counter.Requests / 200.0:F1} per message");
    }

    [Fact]
    public async Task RateLimitsShowsTheLimitsAndWhatTheInstancesTogetherUsed()
    {
        const long admin = 2002;
        await using var standIn = await TelegramStandIn.StartAsync();
        await using var a = await StartAppAsync(standIn, tweak: s => { s["ADMIN_USER_IDS"] = $"{admin}"; s["ADMIN_CHAT_ID"] = $"{admin}"; });
        await using var b = await StartAppAsync(standIn);
        await a.Host.Services.GetRequiredService<TelegramBotApi>().Client().SetWebhook(
            new Uri(a.Host.BaseAddress, "/telegram/webhook").AbsoluteUri, secretToken: AppHost.WebhookSecret, dropPendingUpdates: false);
        for (var i = 0; i < 6; i++)
            await (i % 2 == 0 ? a : b).Notifier.EnqueueAsync(Text(740_001 + i, $"usage:{i}", $"message {i}"), CancellationToken.None);
        await standIn.WaitForCallsAsync(c => c.Count(x => x.Method == "sendMessage" && x.Ok) >= 6, Patience, "6 delivered messages");

        await standIn.SendUserMessageAsync(admin, admin, "/rate_limits", wait: true);
        await standIn.WaitForCallsAsync(c => c.Any(x => x is { Method: "sendMessage", Ok: true, ChatId: admin } && x.Text!.Contains("Rate limits")), Patience,
            "the /rate_limits reply");
        // The admin chat also got the start-up configuration announcement (one more send in the minute).
        var reply = Assert.Single(await standIn.BotMessagesAsync(admin), m => m.Text.Contains("Rate limits")).Text;

        Assert.Contains("Overall: 25 messages/s", reply);
        Assert.Contains("Per chat: one message every 1.05 s", reply);
        Assert.Contains("Per group: 20 per 60 s", reply);
        Assert.Contains("Update bodies up to 262144 bytes", reply);
        // Both instances' sends count: the usage is read from the shared send slots, not this instance's memory.
        var lastMinute = int.Parse(System.Text.RegularExpressions.Regex.Match(reply, @"used \d+ in the last full second, (\d+) in the last minute").Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(lastMinute, 6, 8);
    }

    [Fact]
    public async Task TheSameDedupeKeyFiveTimesIsOneMessage()
    {
        await using var standIn = await TelegramStandIn.StartAsync();
        await using var a = await StartAppAsync(standIn);
        await using var b = await StartAppAsync(standIn);
        const long chat = 730_001;

        await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            (i % 2 == 0 ? a : b).Notifier.EnqueueAsync(Text(chat, "notified:0xabc:730001:filled", $"Filled (attempt {i})"), CancellationToken.None)));
        await standIn.WaitForCallsAsync(c => c.Any(x => x.Ok && x.ChatId == chat), Patience, "the deduped message");
        await Task.Delay(3000);

        var shown = Assert.Single(await standIn.BotMessagesAsync(chat));
        Assert.StartsWith("Filled (attempt ", shown.Text);
        Assert.Single(await standIn.CallsAsync("sendMessage", chat));
    }

    [Fact]
    public async Task StoppingAnInstanceMidDrainAndStartingAnotherDeliversEverythingExactlyOnce()
    {
        await using var standIn = await TelegramStandIn.StartAsync();
        var chats = new[] { 740_001L, 740_002L, 740_003L };
        var first = await StartAppAsync(standIn);
        foreach (var chat in chats)
            for (var i = 0; i < 10; i++)
                await first.Notifier.EnqueueAsync(Text(chat, $"restart:{chat}:{i}", $"{i}"), CancellationToken.None);
        await standIn.WaitForCallsAsync(c => c.Count(x => x.Ok && x.Method == "sendMessage") >= 6, Patience, "the first few messages");
        await first.DisposeAsync();
        var beforeRestart = (await standIn.CallsAsync("sendMessage")).Count(c => c.Ok);
        Assert.InRange(beforeRestart, 6, 29);

        await using var second = await StartAppAsync(standIn);
        await standIn.WaitForCallsAsync(c => c.Count(x => x.Ok && x.Method == "sendMessage") >= 30, Patience, "all 30 messages after the restart");
        await Task.Delay(2000);

        foreach (var chat in chats)
            Assert.Equal(Enumerable.Range(0, 10).Select(i => $"{i}"), (await standIn.BotMessagesAsync(chat)).Select(m => m.Text));
        Assert.Equal(30, (await standIn.CallsAsync("sendMessage")).Count(c => c.Ok));
        output.WriteLine($"{beforeRestart} sent before the stop, {30 - beforeRestart} by the new instance");
    }

    [Fact]
    public async Task AChatLeftLeasedByACrashedInstanceIsTakenOverWhenTheLeaseExpires()
    {
        await using var standIn = await TelegramStandIn.StartAsync();
        await using var app = await StartAppAsync(standIn);
        const long chat = 750_001;
        var tables = app.Tables;
        await tables.EnsureCreatedAsync(CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        // What a crash between Telegram's answer and the Sent record leaves: the row pending, the lease naming it.
        await tables.Outbox.TryInsertAsync(OutboxRow.NewEntity(Text(chat, "crash:1", "after the crash"), 1, now));
        await OutboxDrainer.MarkPendingAsync(tables, chat, now, CancellationToken.None);
        await tables.Chats.UpsertAsync(new TableRow(OutboxTables.LeasePartition, "750001")
            .Set("Owner", "crashed-instance").Set("LeaseUntil", now.AddSeconds(6)).Set("InFlight", "crash:1").Set("RecentSends", ""));

        var calls = await standIn.WaitForCallsAsync(c => c.Any(x => x.Ok && x.ChatId == chat), Patience, "the takeover");

        // One send, and not before the crashed owner's lease ran out.
        Assert.True(calls.Single(x => x.ChatId == chat).Time >= now.AddSeconds(6));
        Assert.Contains(app.Logs.Texts, l => l.Contains("stopped while sending crash:1") && l.Contains("may appear twice"));
        var row = OutboxRow.From((await tables.Outbox.GetAsync("750001", "crash:1"))!);
        Assert.Equal(OutboxStatus.Sent, row.Status);
    }

    [Fact]
    public async Task TooManyRequestsAreRetriedAfterRetryAfterAndNothingIsDropped()
    {
        // Tighter than Telegram: one message per 3 s per chat, so the app's 1 msg/s pacing runs into 429s.
        await using var standIn = await TelegramStandIn.StartAsync(chatLimit: "1/3000");
        await using var app = await StartAppAsync(standIn);
        var chats = new[] { 760_001L, 760_002L };
        foreach (var chat in chats)
            for (var i = 0; i < 4; i++)
                await app.Notifier.EnqueueAsync(Text(chat, $"tight:{chat}:{i}", $"{i}"), CancellationToken.None);

        await standIn.WaitForCallsAsync(c => c.Count(x => x.Ok && x.Method == "sendMessage") >= 8, Patience, "8 messages through a tight limit");
        await Task.Delay(2000);
        var calls = await standIn.CallsAsync("sendMessage");
        var refusals = calls.Where(c => c.Status == 429).ToList();

        Assert.NotEmpty(refusals);
        Assert.Equal(8, calls.Count(c => c.Ok));
        foreach (var chat in chats)
            Assert.Equal(["0", "1", "2", "3"], (await standIn.BotMessagesAsync(chat)).Select(m => m.Text));
        foreach (var refusal in refusals)
        {
            var next = calls.First(c => c.ChatId == refusal.ChatId && c.Seq > refusal.Seq);
            Assert.True(next.Time - refusal.Time >= TimeSpan.FromSeconds(refusal.RetryAfter!.Value) - TimeSpan.FromMilliseconds(20),
                $"chat {refusal.ChatId}: retried {(next.Time - refusal.Time).TotalMilliseconds} ms after a 429 with retry_after {refusal.RetryAfter}");
        }
        output.WriteLine($"{refusals.Count} 429s, every one honoured");
    }

    [Fact]
    public async Task EditsLandOnTheirMessageAndWaitForAnOriginalNotYetSent()
    {
        await using var standIn = await TelegramStandIn.StartAsync();
        await using var app = await StartAppAsync(standIn);
        const long chat = 770_001;
        var notifier = app.Notifier;

        await notifier.EnqueueAsync(Text(chat, "trade:1", "Trade 1: <i>confirm?</i>", keyboard: [[new InlineButton("Confirm", "confirm:1")]]), CancellationToken.None);
        await notifier.EnqueueAsync(Text(chat, "trade:2", "Trade 2: submitted"), CancellationToken.None);
        // An edit enqueued before its original exists waits for it.
        await notifier.EnqueueAsync(Text(chat, "trade:3:filled", "Trade 3: <b>filled</b>", editOf: "trade:3"), CancellationToken.None);
        await notifier.EnqueueAsync(Text(chat, "trade:1:filled", "Trade 1: <b>filled</b>", editOf: "trade:1"), CancellationToken.None);
        await notifier.EnqueueAsync(Text(chat, "trade:3", "Trade 3: submitted"), CancellationToken.None);
        // The same content again: Telegram says "message is not modified", which is success.
        await notifier.EnqueueAsync(Text(chat, "trade:1:filled-again", "Trade 1: <b>filled</b>", editOf: "trade:1"), CancellationToken.None);

        await standIn.WaitForCallsAsync(c => c.Count(x => x.Method == "editMessageText") >= 3 && c.Count(x => x.Method == "sendMessage" && x.Ok) >= 3,
            Patience, "three messages and three edits");
        await WaitForAsync(async () => OutboxRow.From((await app.Tables.Outbox.GetAsync("770001", "trade:1:filled-again"))!).Status == OutboxStatus.Sent);

        var shown = await standIn.BotMessagesAsync(chat);
        Assert.Equal(["Trade 1: filled", "Trade 2: submitted", "Trade 3: filled"], shown.Select(m => m.Text));
        Assert.True(shown[0].Edited);
        Assert.Empty(shown[0].Buttons);
        Assert.False(shown[1].Edited);
        var again = OutboxRow.From((await app.Tables.Outbox.GetAsync("770001", "trade:1:filled-again"))!);
        Assert.Equal(shown[0].MessageId, again.MessageId);
        Assert.Contains(await standIn.CallsAsync("editMessageText", chat), c => c.Description?.Contains("message is not modified") == true);
    }

    [Fact]
    public async Task APermanentRefusalMarksTheRowFailedAndTheChatMovesOn()
    {
        await using var standIn = await TelegramStandIn.StartAsync();
        await using var app = await StartAppAsync(standIn);
        const long chat = 780_001;
        await app.Notifier.EnqueueAsync(Text(chat, "bad:1", "<div>unsupported tag</div>"), CancellationToken.None);
        await app.Notifier.EnqueueAsync(Text(chat, "bad:2", "after the bad one"), CancellationToken.None);

        await standIn.WaitForCallsAsync(c => c.Any(x => x.Ok && x.ChatId == chat), Patience, "the message after the refused one");
        var failed = OutboxRow.From((await app.Tables.Outbox.GetAsync("780001", "bad:1"))!);
        Assert.Equal(OutboxStatus.Failed, failed.Status);
        Assert.Contains("400", failed.FailureReason);
        Assert.Contains("can't parse entities", failed.FailureReason);
        Assert.Equal("after the bad one", Assert.Single(await standIn.BotMessagesAsync(chat)).Text);
    }

    [Fact]
    public async Task MessagesToAGroupUpgradedToASupergroupFollowItToItsNewIdAndSaySo()
    {
        await using var standIn = await TelegramStandIn.StartAsync();
        await using var app = await StartAppAsync(standIn);
        const long group = -790_001, supergroup = -1_000_000_790_001;
        await standIn.MigrateChatAsync(group, supergroup);
        await app.Notifier.EnqueueAsync(Text(group, "alert:1", "🚨 <b>Alert</b> kill switch"), CancellationToken.None);
        await app.Notifier.EnqueueAsync(Text(group, "alert:2", "✅ <b>Recovered</b>"), CancellationToken.None);

        await standIn.WaitForCallsAsync(c => c.Count(x => x.Ok && x.ChatId == supergroup) == 2, Patience, "both messages in the supergroup");
        var delivered = await standIn.BotMessagesAsync(supergroup);
        Assert.Equal(["🚨 Alert kill switch", "✅ Recovered"], delivered.Select(m => m.Text.Split('\n')[0]));
        Assert.All(delivered, m => Assert.EndsWith($"This group is now chat {supergroup}; the bot still has its old id {group}. " +
                                                   $"If that is ADMIN_CHAT_ID, set it to {supergroup}: until then admin commands sent here are refused.", m.Text));
        Assert.Empty(await standIn.BotMessagesAsync(group));
        foreach (var key in new[] { "alert:1", "alert:2" })
            Assert.Equal(OutboxStatus.Sent, OutboxRow.From((await app.Tables.Outbox.GetAsync($"{group}", key))!).Status);
        Assert.Contains(app.Logs.Texts, l => l.Contains($"was upgraded to a supergroup, now chat {supergroup}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadMessagesAreRefusedAtEnqueueAndNothingIsStored()
    {
        await using var standIn = await TelegramStandIn.StartAsync();
        await using var app = await StartAppAsync(standIn);
        var slash = await Assert.ThrowsAsync<ArgumentException>(() => app.Notifier.EnqueueAsync(Text(790_001, "reply/1", "x"), CancellationToken.None));
        Assert.Contains("'/'", slash.Message);
        var button = await Assert.ThrowsAsync<ArgumentException>(() =>
            app.Notifier.EnqueueAsync(Text(790_001, "reply:2", "x", keyboard: [[new InlineButton("B", new string('x', 65))]]), CancellationToken.None));
        Assert.Contains("65 bytes", button.Message);
        await app.Tables.EnsureCreatedAsync(CancellationToken.None);
        Assert.Null(await app.Tables.Outbox.GetAsync("790001", "reply:2"));
    }

    [Fact]
    public async Task NoLogLineOfADeliveryRunCarriesTheBotTokenTheWebhookSecretOrTheStorageKey()
    {
        await using var standIn = await TelegramStandIn.StartAsync(chatLimit: "1/2000");
        await using var a = await StartAppAsync(standIn);
        await using var b = await StartAppAsync(standIn);
        var secret = AppHost.WebhookSecret;
        var storageKey = _azurite.ConnectionString.Split(';').Single(p => p.StartsWith("AccountKey=", StringComparison.Ordinal))["AccountKey=".Length..];

        var client = a.Host.Services.GetRequiredService<TelegramBotApi>().Client();
        await client.SetWebhook(new Uri(a.Host.BaseAddress, "telegram/webhook").AbsoluteUri, secretToken: secret);
        await client.GetWebhookInfo();
        for (var i = 0; i < 6; i++)
            await (i % 2 == 0 ? a : b).Notifier.EnqueueAsync(Text(800_001 + i % 2, $"logs:{i}", $"line {i}"), CancellationToken.None);
        await standIn.SendUserMessageAsync(800_001, 800_001, "/start", wait: true);
        await standIn.WaitForCallsAsync(c => c.Count(x => x.Ok && x.Method == "sendMessage") >= 6, Patience, "6 messages");
        await Assert.ThrowsAsync<ApiRequestException>(() => client.SendMessage(800_001, "<div>", ParseMode.Html));

        var lines = a.Logs.Texts.Concat(b.Logs.Texts).ToList();
        Assert.True(lines.Count > 50, $"only {lines.Count} lines captured");
        Assert.Contains(lines, l => l.Contains("Delivered logs:"));
        Assert.DoesNotContain(lines, l => l.Contains(standIn.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(standIn.Token.Split(':')[1], StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(storageKey, StringComparison.Ordinal));
        output.WriteLine($"{lines.Count} log lines scanned");
    }

    [Fact]
    public async Task TheSweeperSendsAHintForAStrandedChatAndNotifyDrainsItFromTheQueue()
    {
        await using var standIn = await TelegramStandIn.StartAsync();
        await using var app = await StartAppAsync(standIn, ownTimers: false);
        const long stranded = 810_002;

        // A row whose hint was lost: the sweeper finds it and sends a hint for it to the notifications queue.
        await app.Tables.EnsureCreatedAsync(CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        await app.Tables.Outbox.TryInsertAsync(OutboxRow.NewEntity(Text(stranded, "host:2", "via sweeper and Notify"), 1, now));
        await OutboxDrainer.MarkPendingAsync(app.Tables, stranded, now, CancellationToken.None);
        await FunctionCalls.RunTimerAsync(app.Host.Services, "OutboxSweeper");

        // The queue trigger hands Notify the message's text, as the Functions host does.
        await standIn.WaitForCallsAsync(c => c.Any(x => x.Ok && x.ChatId == stranded), Patience, "the hint's delivery");
        Assert.Equal("via sweeper and Notify", Assert.Single(await standIn.BotMessagesAsync(stranded)).Text);

        var malformed = await Assert.ThrowsAsync<InvalidDataException>(() => FunctionCalls.RunQueueAsync(app.Host.Services, "Notify", """{ "chat": 1 }"""));
        Assert.Contains("chatId", malformed.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The drain's last look at the chat comes before it gives the lease back; a message stored in that moment finds the
    /// chat busy. With no sweeper running (ownTimers off), only the ending drain can deliver it, and it does at once.
    /// </summary>
    [Fact]
    public async Task AMessageStoredWhileTheChatsDrainIsEndingIsDeliveredWithoutASweep()
    {
        const long chat = 810_101;
        await using var standIn = await TelegramStandIn.StartAsync();
        var release = new LeaseReleaseInterceptor(chat);
        var settings = standIn.AppSettings(_azurite.ConnectionString);
        await using var host = await AppHost.StartAsync(settings, ownTimers: false,
            services => services.AddHttpClient<TableAccount>().AddHttpMessageHandler(release.NewHandler));
        var notifier = host.Services.GetRequiredService<INotifier>();
        release.BeforeFirst = () => notifier.EnqueueAsync(Text(chat, "ending:2", "stored as the drain ends"), CancellationToken.None);

        await notifier.EnqueueAsync(Text(chat, "ending:1", "first"), CancellationToken.None);

        await standIn.WaitForCallsAsync(c => c.Count(x => x.Ok && x.ChatId == chat) >= 2, TimeSpan.FromSeconds(20), "both messages");
        Assert.True(release.Intercepted, "the second message was stored while the first drain released the chat");
        Assert.Equal(["first", "stored as the drain ends"], (await standIn.BotMessagesAsync(chat)).Select(m => m.Text));
    }

    /// <summary>Runs <see cref="BeforeFirst"/> once, just before the first write that gives the chat's drain lease back.</summary>
    private sealed class LeaseReleaseInterceptor(long chatId)
    {
        private int _fired;
        public long ChatId { get; } = chatId;
        public Func<Task>? BeforeFirst { get; set; }
        public bool Intercepted => Volatile.Read(ref _fired) == 1;
        public DelegatingHandler NewHandler() => new Handler(this);

        private sealed class Handler(LeaseReleaseInterceptor interceptor) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var leaseRow = $"(PartitionKey='{OutboxTables.LeasePartition}',RowKey='{OutboxTables.ChatKey(interceptor.ChatId)}')";
                if (interceptor.BeforeFirst is { } action && request.Method == HttpMethod.Put && request.Content is not null
                    && Uri.UnescapeDataString(request.RequestUri!.AbsolutePath).EndsWith(leaseRow, StringComparison.Ordinal)
                    && (await request.Content.ReadAsStringAsync(cancellationToken)).Contains("\"Owner\":\"\"", StringComparison.Ordinal)
                    && Interlocked.Exchange(ref interceptor._fired, 1) == 0)
                    await action();
                return await base.SendAsync(request, cancellationToken);
            }
        }
    }

    [Fact]
    public async Task ExpiredGlobalSlotsAreDeletedAndRecentOnesKept()
    {
        await using var standIn = await TelegramStandIn.StartAsync();
        await using var app = await StartAppAsync(standIn);
        var rate = app.Host.Services.GetRequiredService<GlobalSendRate>();
        await app.Tables.EnsureCreatedAsync(CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        var old = GlobalSendSlot.At(now.AddMinutes(-30), 25);
        var recent = GlobalSendSlot.At(now, 25);
        foreach (var slot in new[] { old, old.Next(25), old.Next(25).Next(25), recent })
            await app.Tables.Rate.TryInsertAsync(new TableRow(slot.PartitionKey, slot.RowKey).Set("Owner", "test"));

        Assert.True(await rate.DeleteExpiredAsync(CancellationToken.None) >= 3);
        Assert.Null(await app.Tables.Rate.GetAsync(old.PartitionKey, old.RowKey));
        Assert.NotNull(await app.Tables.Rate.GetAsync(recent.PartitionKey, recent.RowKey));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException("condition not met in time");
            await Task.Delay(200);
        }
    }
}
