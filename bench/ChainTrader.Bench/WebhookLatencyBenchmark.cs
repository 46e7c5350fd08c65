using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ChainTrader.Application.Commands;
using ChainTrader.Application.Notifications;
using ChainTrader.Core.Telegram;

namespace ChainTrader.Bench;

/// <summary>
/// How long the webhook takes to answer Telegram (SPEC 6: within a second, or Telegram sends the update again), per
/// command, in the real app (standalone, DRY_RUN) against a running devnet and Azurite (`node devnet/devnet.js up`):
/// /help (no I/O but the update's dedupe), /execution_mode (the gates read), /status (the trader's trades read) and
/// /buy (risk inputs read, the trade stored and its orchestration scheduled). Each update is posted over HTTP with the
/// webhook secret, one at a time, as Telegram delivers a chat's updates.
/// </summary>
internal static class WebhookLatencyBenchmark
{
    private const long Trader = BenchApp.Trader;
    private static readonly string[] Commands = ["/help", "/execution_mode", "/status", "/buy 100 ETH"];

    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        if (!options.TryGet("manifest", out var manifestPath) || !options.TryGet("storage", out var storage))
        {
            Console.Error.WriteLine("Usage: ChainTrader.Bench webhook --manifest PATH --storage CONNECTION_STRING [--updates 50]\n" +
                                    "Start the local stack first: node devnet/devnet.js up (its READY line has the manifest path and the connection string).");
            return 2;
        }
        var perCommand = options.Number("updates", 50);
        var settings = BenchApp.Settings(manifestPath, storage, "webhookbench" + Guid.NewGuid().ToString("N")[..8]);

        var replies = new ReplyLog();
        Console.WriteLine($"{Environment.ProcessorCount} logical cores (shared with the devnet and Azurite), load average {Machine.LoadAverage()} at the start");
        await using var app = await BenchApp.StartAsync(settings, replies);

        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
        var updateId = Random.Shared.NextInt64(1_000_000_000, 2_000_000_000);
        // One warm-up of each command: the first request pays for JIT and connection set-up, which a running app has behind it.
        foreach (var command in Commands) await PostAsync(http, ++updateId, command);

        Console.WriteLine($"Webhook answer time, {perCommand} updates per command, one at a time over loopback HTTP, DRY_RUN");
        Console.WriteLine();
        const string format = "| {0,-16} | {1,7} | {2,7} | {3,7} |";
        Console.WriteLine(format, "command", "p50 ms", "p99 ms", "max ms");
        Console.WriteLine(format, new string('-', 16), "------:", "------:", "------:");
        var lastReplies = new List<(string Command, long UpdateId)>();
        foreach (var command in Commands)
        {
            var times = new List<double>(perCommand);
            for (var i = 0; i < perCommand; i++) times.Add(await PostAsync(http, ++updateId, command));
            times.Sort();
            Console.WriteLine(format, command, Ms(Percentiles.NearestRank(times, 0.5)), Ms(Percentiles.NearestRank(times, 0.99)), Ms(times[^1]));
            lastReplies.Add((command, updateId));
        }
        Console.WriteLine();
        // What was measured: a refusal would be a cheaper path than the command's own.
        foreach (var (command, id) in lastReplies) Console.WriteLine($"{command} answered: {await replies.FirstLineOfAsync(id)}");
        await app.StopAsync();
        return 0;
    }

    /// <summary>Posts one message update and returns the time to the end of the answer, in milliseconds.</summary>
    private static async Task<double> PostAsync(HttpClient http, long updateId, string text)
    {
        var json = new JsonObject
        {
            ["update_id"] = updateId,
            ["message"] = new JsonObject
            {
                ["message_id"] = updateId % 100_000,
                ["from"] = new JsonObject { ["id"] = Trader, ["is_bot"] = false, ["first_name"] = "Bench" },
                ["chat"] = new JsonObject { ["id"] = Trader, ["type"] = "private" },
                ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["text"] = text,
            },
        }.ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add(TelegramWebhookEndpoint.SecretHeader, BenchApp.WebhookSecret);
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsStringAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"The webhook answered {(int)response.StatusCode} to {text}.");
        return elapsed;
    }

    private static string Ms(double milliseconds) => milliseconds.ToString("F0", CultureInfo.InvariantCulture);

    /// <summary>The bot's replies by update, so the run can show what each command answered.</summary>
    private sealed class ReplyLog : INotifier
    {
        private readonly ConcurrentDictionary<string, string> _byDedupeKey = new(StringComparer.Ordinal);

        public Task EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken)
        {
            _byDedupeKey[message.DedupeKey] = message.Html;
            return Task.CompletedTask;
        }

        /// <summary>
        /// The first line of the bot's answer to the update: its reply, or for an order the trade's own message, which
        /// the orchestration sends after the webhook has answered (waited for up to 30 s).
        /// </summary>
        public async Task<string> FirstLineOfAsync(long updateId)
        {
            var tradeMessages = $"trade:{TradeCommandsHandler.TradeIdOf(updateId)}:";
            var waited = Stopwatch.StartNew();
            while (true)
            {
                var html = _byDedupeKey.TryGetValue($"reply:{updateId}", out var reply) ? reply
                    : _byDedupeKey.FirstOrDefault(m => m.Key.StartsWith(tradeMessages, StringComparison.Ordinal)).Value;
                if (html is not null) return html.Split('\n')[0];
                if (waited.Elapsed > TimeSpan.FromSeconds(30)) return "(no answer within 30 s)";
                await Task.Delay(50);
            }
        }
    }
}
