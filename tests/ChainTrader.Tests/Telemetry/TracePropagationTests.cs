using ChainTrader.Functions.Telemetry;
using ChainTrader.Application.Notifications;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using ChainTrader.Functions.Hosting;
using ChainTrader.Application.Telemetry;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChainTrader.Tests.Telemetry;

/// <summary>One trace from an incoming traceparent through HTTP handling, function invocations and queue messages.</summary>
public class TracePropagationTests
{
    [Fact]
    public async Task WebhookRequestContinuesTheCallersTraceInItsSpanAndLogLines()
    {
        var logs = new LogCapture();
        using var spans = new SpanRecorder();
        var settings = AppHost.BaseSettings();
        settings["AzureWebJobsStorage"] = (await LocalStack.AzuriteAsync()).ConnectionString;
        await using var app = await AppHost.StartAsync(settings, services: logs.AddTo);
        var (traceId, parentSpanId, traceparent) = NewTraceparent();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook") { Content = new StringContent("""{"update_id":7}""", Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", AppHost.WebhookSecret);
        request.Headers.Add("traceparent", traceparent);
        using var response = await app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var span = Assert.Single(spans.WithTrace(traceId));
        Assert.Equal("POST /telegram/webhook", span.DisplayName);
        Assert.Equal(ActivityKind.Server, span.Kind);
        Assert.Equal(parentSpanId, span.ParentSpanId.ToHexString());
        Assert.Equal("TelegramWebhook", span.GetTagItem(TelemetryTags.Function));
        Assert.Equal(200, span.GetTagItem(TelemetryTags.HttpStatusCode));

        var line = Assert.Single(logs.Lines, l => l.Category == typeof(HttpTelemetryMiddleware).FullName && l.Scope("TraceId") == traceId);
        Assert.Equal(span.SpanId.ToHexString(), line.Scope("SpanId"));
        Assert.Equal(parentSpanId, line.Scope("ParentId"));
        Assert.Equal("TelegramWebhook", line.Scope(LogScopes.Function));
        Assert.Contains("POST /telegram/webhook answered 200", line.Message);
    }

    [Fact]
    public async Task WithoutTraceparentARequestStartsItsOwnTrace()
    {
        var logs = new LogCapture();
        using var spans = new SpanRecorder();
        await using var app = await AppHost.StartAsync(AppHost.BaseSettings(), services: logs.AddTo);

        using var response = await app.Http.GetAsync("/healthz");

        var line = Assert.Single(logs.Lines, l => l.Category == typeof(HttpTelemetryMiddleware).FullName && l.Message.StartsWith("GET /healthz", StringComparison.Ordinal));
        var span = Assert.Single(spans.WithTrace(line.Scope("TraceId")!));
        Assert.Equal(line.Scope("SpanId"), span.SpanId.ToHexString());
        Assert.Equal(default, span.ParentSpanId);
        Assert.Equal("Healthz", span.GetTagItem(TelemetryTags.Function));
    }

    [Fact]
    public async Task AnInvocationRunsInItsCallersTraceAndTheHintsItSendsCarryIt()
    {
        var recorder = new Recorder();
        var logs = new LogCapture();
        await using var app = await AppHost.StartAsync(await AzuriteSettingsAsync(), ownTimers: false, services =>
        {
            TestFunctions(services, recorder, new ManualClock());
            // The test takes the hints off the queue itself, and invokes Step with one.
            AppHost.WithoutHostedService<QueueListener>(services);
            logs.AddTo(services);
        });
        var index = app.Services.GetRequiredService<FunctionIndex>();
        var invoker = app.Services.GetRequiredService<FunctionInvoker>();

        // The caller's span stands in for whatever fires the trigger (the Functions host's invocation, or a test).
        string traceId;
        using (var caller = ChainTraderTelemetry.ActivitySource.StartActivity("caller"))
        {
            Assert.NotNull(caller);
            traceId = caller.TraceId.ToHexString();
            var tick = index.Find("Tick")!;
            await invoker.InvokeAsync(tick, StandaloneScheduler.Timer(tick, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow), CancellationToken.None);
        }

        var tickSpan = Assert.Single(recorder.TickSpans);
        Assert.Equal(traceId, tickSpan.TraceId);
        var tickLog = Assert.Single(logs.Lines, l => l.Message.Contains($"{recorder.Id} tick 1", StringComparison.Ordinal));
        Assert.Equal(traceId, tickLog.Scope("TraceId"));
        Assert.Equal("Tick", tickLog.Scope(LogScopes.Function));

        var queue = await app.Services.GetRequiredService<HintQueues>().QueueAsync(TraceQueue, CancellationToken.None);
        var texts = new List<string>();
        while (texts.Count < 2)
        {
            var received = (await queue.ReceiveMessagesAsync(32)).Value;
            texts.AddRange(received.Select(m => m.Body.ToString()).Where(t => t.Contains(recorder.Id, StringComparison.Ordinal)));
            foreach (var message in received) await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }
        var steps = texts.Select(t => JsonDocument.Parse(t).RootElement).ToList();
        Assert.All(steps, step => Assert.Equal($"00-{traceId}-{tickSpan.SpanId}-01", step.GetProperty(ChainTrader.Application.Telemetry.TraceContext.TraceParentField).GetString()));
        Assert.Equal([$"{recorder.Id} step 1a", $"{recorder.Id} step 1b"], steps.Select(s => s.GetProperty("text").GetString()).Order());

        // The queue trigger hands the function the message text; its span continues the trace the message carries.
        await invoker.InvokeAsync(index.Find("Step")!, texts[0], CancellationToken.None);
        var stepSpan = Assert.Single(recorder.StepSpans);
        Assert.Equal(traceId, stepSpan.TraceId);
        Assert.Equal(tickSpan.SpanId, stepSpan.ParentSpanId);
    }

    [Fact]
    public async Task StandaloneStorageQueueCarriesTheTraceToTheQueueTriggeredFunction()
    {
        var recorder = new Recorder();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 21, 12, 0, 1, TimeSpan.Zero));
        await using var app = await AppHost.StartAsync(await AzuriteSettingsAsync(), ownTimers: true, services => TestFunctions(services, recorder, clock));

        // The queue poller holds timers on the clock too: wait for the scheduler's own (next tick at 12:00:10).
        await WaitUntil(() => clock.HasTimerDueIn(TimeSpan.FromSeconds(9)));
        clock.Advance(TimeSpan.FromSeconds(9));
        await WaitUntil(() => recorder.StepSpans.Count == 2);

        var tick = Assert.Single(recorder.TickSpans);
        Assert.All(recorder.StepSpans, step =>
        {
            Assert.Equal(tick.TraceId, step.TraceId);
            Assert.Equal(tick.SpanId, step.ParentSpanId);
        });
    }

    [Fact]
    public async Task HintQueuesSendAsyncStampsTheSendersTrace()
    {
        var recorder = new Recorder();
        await using var app = await AppHost.StartAsync(await AzuriteSettingsAsync(), ownTimers: true, services => TestFunctions(services, recorder, new ManualClock()));
        var queue = app.Services.GetRequiredService<HintQueues>();

        using (var sender = ChainTraderTelemetry.ActivitySource.StartActivity("test sender"))
        {
            Assert.NotNull(sender);
            await queue.SendAsync(TraceQueue, JsonSerializer.SerializeToElement(new { text = $"{recorder.Id} direct" }), CancellationToken.None);
            await WaitUntil(() => recorder.StepSpans.Count == 1);
            Assert.Equal(sender.TraceId.ToHexString(), recorder.StepSpans.Single().TraceId);
            Assert.Equal(sender.SpanId.ToHexString(), recorder.StepSpans.Single().ParentSpanId);
        }
    }

    internal static (string TraceId, string SpanId, string Traceparent) NewTraceparent()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var spanId = ActivitySpanId.CreateRandom().ToHexString();
        return (traceId, spanId, $"00-{traceId}-{spanId}-01");
    }

    /// <summary>This class's own queue on the shared Azurite (a trigger's queue name is a constant); each test's messages carry its recorder's id.</summary>
    private const string TraceQueue = "trace-steps";

    private static async Task<Dictionary<string, string?>> AzuriteSettingsAsync()
    {
        var settings = AppHost.BaseSettings();
        settings["AzureWebJobsStorage"] = (await LocalStack.AzuriteAsync()).ConnectionString;
        return settings;
    }

    /// <summary>Generous: a loaded 2-core CI machine may take seconds to run a queued function; a pass returns at once.</summary>
    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.True(condition(), "condition not reached within 30 s");
    }

    /// <summary>The app with the two test functions in place of its own (the index decides what the host wires).</summary>
    private static void TestFunctions(IServiceCollection services, Recorder recorder, ManualClock clock)
    {
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(FunctionIndex.Discover([typeof(TickFunction), typeof(StepFunction)]));
        services.AddSingleton(recorder);
    }

    private sealed record SpanIds(string TraceId, string SpanId, string ParentSpanId);

    private sealed class Recorder
    {
        private int _ticks;
        public string Id { get; } = Guid.NewGuid().ToString("N");
        public int NextTick() => Interlocked.Increment(ref _ticks);
        public ConcurrentQueue<SpanIds> TickSpans { get; } = new();
        public ConcurrentQueue<SpanIds> StepSpans { get; } = new();

        public static SpanIds Current()
        {
            var activity = Activity.Current ?? throw new InvalidOperationException("no current activity in the function");
            return new SpanIds(activity.TraceId.ToHexString(), activity.SpanId.ToHexString(), activity.ParentSpanId.ToHexString());
        }
    }

    private sealed class TickFunction(Recorder recorder, HintQueues queues, ILogger<TickFunction> logger)
    {
        [Function("Tick")]
        public async Task RunAsync([TimerTrigger("*/10 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
        {
            recorder.TickSpans.Enqueue(Recorder.Current());
            var n = recorder.NextTick();
            logger.LogInformation("{Recorder} tick {Tick}", recorder.Id, n);
            foreach (var suffix in new[] { "a", "b" })
                await queues.SendAsync(TraceQueue, JsonSerializer.SerializeToElement(new { text = $"{recorder.Id} step {n}{suffix}" }), cancellationToken);
        }
    }

    private sealed class StepFunction(Recorder recorder)
    {
        [Function("Step")]
        public void Run([QueueTrigger(TraceQueue)] string message)
        {
            // Another test's leftover message on the shared queue is not this test's to count.
            if (message.Contains(recorder.Id, StringComparison.Ordinal)) recorder.StepSpans.Enqueue(Recorder.Current());
        }
    }
}
