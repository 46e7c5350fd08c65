using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using ChainTrader.Functions.Hosting;
using ChainTrader.Functions.Telemetry;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChainTrader.Tests.Telemetry;

/// <summary>One trace from an incoming traceparent through HTTP handling, function invocations and queue messages.</summary>
public class TracePropagationTests
{
    private static string TickJson(string queue) => $$"""
        { "bindings": [
            { "type": "timerTrigger", "direction": "in", "name": "timer", "schedule": "*/10 * * * * *" },
            { "type": "queue", "direction": "out", "name": "steps", "queueName": "{{queue}}", "connection": "AzureWebJobsStorage" } ] }
        """;

    private static string StepJson(string queue) => $$"""
        { "bindings": [ { "type": "queueTrigger", "direction": "in", "name": "message", "queueName": "{{queue}}", "connection": "AzureWebJobsStorage" } ] }
        """;

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
        Assert.Equal("TelegramWebhook", span.GetTagItem(ChainTraderTelemetry.Tags.Function));
        Assert.Equal(200, span.GetTagItem(ChainTraderTelemetry.Tags.HttpStatusCode));

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
        Assert.Equal("Healthz", span.GetTagItem(ChainTraderTelemetry.Tags.Function));
    }

    [Fact]
    public async Task HostInvocationRunsInTheHostsTraceAndItsQueueOutputsCarryIt()
    {
        var recorder = new Recorder();
        var logs = new LogCapture();
        await using var app = await AppHost.StartAsync(AppHost.BaseSettings(), customHandler: true, services =>
        {
            TestFunctions(services, recorder, new ManualClock());
            logs.AddTo(services);
        });
        var (traceId, _, traceparent) = NewTraceparent();

        using var tick = new HttpRequestMessage(HttpMethod.Post, "/Tick") { Content = new StringContent("""{ "Data": { "timer": {} }, "Metadata": {} }""", Encoding.UTF8, "application/json") };
        tick.Headers.Add("traceparent", traceparent);
        tick.Headers.Add(HttpTelemetryMiddleware.InvocationIdHeader, "5b5a4c3d-0000-4000-8000-00000000000a");
        using var response = await app.Http.SendAsync(tick);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tickSpan = Assert.Single(recorder.TickSpans);
        Assert.Equal(traceId, tickSpan.TraceId);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var steps = body.RootElement.GetProperty("Outputs").GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(2, steps.Count);
        Assert.All(steps, step => Assert.Equal($"00-{traceId}-{tickSpan.SpanId}-01", step.GetProperty(TraceContext.TraceParentField).GetString()));
        Assert.Equal(["step 1a", "step 1b"], steps.Select(s => s.GetProperty("text").GetString()));
        var tickLog = Assert.Single(logs.Lines, l => l.Message.Contains("tick 1"));
        Assert.Equal(traceId, tickLog.Scope("TraceId"));
        Assert.Equal("Tick", tickLog.Scope(LogScopes.Function));
        Assert.Equal("5b5a4c3d-0000-4000-8000-00000000000a", tickLog.Scope(LogScopes.InvocationId));

        // The host delivers one of those messages to the queue-triggered function (as the JSON string it holds).
        var delivery = JsonSerializer.Serialize(new { Data = new { message = steps[0].GetRawText() }, Metadata = new { DequeueCount = 1 } });
        using var step = await app.Http.PostAsync("/Step", new StringContent(delivery, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, step.StatusCode);
        var stepSpan = Assert.Single(recorder.StepSpans);
        Assert.Equal(traceId, stepSpan.TraceId);
        Assert.Equal(tickSpan.SpanId, stepSpan.ParentSpanId);
    }

    [Fact]
    public async Task StandaloneStorageQueueCarriesTheTraceToTheQueueTriggeredFunction()
    {
        var recorder = new Recorder();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 21, 12, 0, 1, TimeSpan.Zero));
        await using var app = await AppHost.StartAsync(await AzuriteSettingsAsync(), customHandler: false, services => TestFunctions(services, recorder, clock));

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
        var queueName = NewQueueName();
        await using var app = await AppHost.StartAsync(await AzuriteSettingsAsync(), customHandler: false, services => TestFunctions(services, recorder, new ManualClock(), queueName));
        var queue = app.Services.GetRequiredService<HintQueues>();

        using (var sender = ChainTraderTelemetry.ActivitySource.StartActivity("test sender"))
        {
            Assert.NotNull(sender);
            await queue.SendAsync(queueName, JsonSerializer.SerializeToElement(new { text = "direct" }), CancellationToken.None);
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

    /// <summary>A queue of the test's own on the shared Azurite, so no other app instance takes its messages.</summary>
    private static string NewQueueName() => "steps-" + Guid.NewGuid().ToString("N")[..16];

    private static async Task<Dictionary<string, string?>> AzuriteSettingsAsync()
    {
        var settings = AppHost.BaseSettings();
        settings["AzureWebJobsStorage"] = (await LocalStack.AzuriteAsync()).ConnectionString;
        return settings;
    }

    private static void TestFunctions(IServiceCollection services, Recorder recorder, ManualClock clock, string? queueName = null)
    {
        queueName ??= NewQueueName();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(new FunctionCatalog([FunctionCatalog.Parse("Tick", TickJson(queueName), "Tick"), FunctionCatalog.Parse("Step", StepJson(queueName), "Step")]));
        services.AddSingleton(recorder);
        services.AddScoped<IFunction, TickFunction>();
        services.AddScoped<IFunction, StepFunction>();
    }

    /// <summary>Generous: a loaded 2-core CI machine may take seconds to run a queued function; a pass returns at once.</summary>
    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.True(condition(), "condition not reached within 30 s");
    }

    private sealed record SpanIds(string TraceId, string SpanId, string ParentSpanId);

    private sealed class Recorder
    {
        private int _ticks;
        public int NextTick() => Interlocked.Increment(ref _ticks);
        public ConcurrentQueue<SpanIds> TickSpans { get; } = new();
        public ConcurrentQueue<SpanIds> StepSpans { get; } = new();

        public static SpanIds Current()
        {
            var activity = Activity.Current ?? throw new InvalidOperationException("no current activity in the function");
            return new SpanIds(activity.TraceId.ToHexString(), activity.SpanId.ToHexString(), activity.ParentSpanId.ToHexString());
        }
    }

    private sealed class TickFunction(Recorder recorder) : IFunction
    {
        public string Name => "Tick";

        public Task RunAsync(FunctionContext context, CancellationToken cancellationToken)
        {
            recorder.TickSpans.Enqueue(Recorder.Current());
            var n = recorder.NextTick();
            context.Log(Microsoft.Extensions.Logging.LogLevel.Information, $"tick {n}");
            context.SetOutput("steps", JsonSerializer.SerializeToElement(new[] { new { text = $"step {n}a" }, new { text = $"step {n}b" } }));
            return Task.CompletedTask;
        }
    }

    private sealed class StepFunction(Recorder recorder) : IFunction
    {
        public string Name => "Step";

        public Task RunAsync(FunctionContext context, CancellationToken cancellationToken)
        {
            recorder.StepSpans.Enqueue(Recorder.Current());
            return Task.CompletedTask;
        }
    }
}
