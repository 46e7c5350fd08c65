using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using ChainTrader.Functions.Hosting;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChainTrader.Tests.Hosting;

/// <summary>
/// Both modes drive the same handlers: the Functions host POSTs invocations (custom handler), standalone mode
/// fires timers from function.json schedules and carries queue outputs through its local queue.
/// </summary>
public class HostingModeTests
{
    private const string TickJson = """
        { "bindings": [
            { "type": "timerTrigger", "direction": "in", "name": "timer", "schedule": "*/10 * * * * *" },
            { "type": "serviceBus", "direction": "out", "name": "echoes", "queueName": "echo-in" } ] }
        """;

    private const string EchoJson = """
        { "bindings": [ { "type": "serviceBusTrigger", "direction": "in", "name": "message", "queueName": "echo-in" } ] }
        """;

    [Fact]
    public async Task CustomHandlerAnswersAHostTimerInvocationWithOutputsLogsAndReturnValue()
    {
        var recorder = new Recorder();
        await using var app = await AppHost.StartAsync(AppHost.BaseSettings(), customHandler: true, services => TestFunctions(services, recorder, new ManualClock()));

        var payload = """
            { "Data": { "timer": { "Schedule": { "AdjustForDST": false }, "ScheduleStatus": null, "IsPastDue": false } },
              "Metadata": { "sys": { "MethodName": "Tick", "UtcNow": "2026-11-21T12:00:10Z", "RandGuid": "6a1b2c3d-0000-4000-8000-000000000001" } } }
            """;
        using var response = await app.Http.PostAsync("/Tick", new StringContent(payload, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal(["Outputs", "Logs", "ReturnValue"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["tick 1", "tick 1 again"], root.GetProperty("Outputs").GetProperty("echoes").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(root.GetProperty("Logs").EnumerateArray(), l => l.GetString()!.Contains("past due: False"));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("ReturnValue").ValueKind);
        Assert.Equal(1, recorder.Ticks);
        // The host owns the queue in this mode: nothing is delivered in process.
        await Task.Delay(200);
        Assert.Empty(recorder.Echoes);
    }

    [Theory]
    [InlineData("not json", "Not valid JSON")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("""{ "Metadata": {} }""", "no \\\"Data\\\" object")]
    [InlineData("""{ "Data": [], "Metadata": {} }""", "\\\"Data\\\" must be an object")]
    [InlineData("""{ "Data": {} }""", "no \\\"Metadata\\\" object")]
    public async Task MalformedInvocationGets400WithTheReason(string payload, string reason)
    {
        var recorder = new Recorder();
        await using var app = await AppHost.StartAsync(AppHost.BaseSettings(), customHandler: true, services => TestFunctions(services, recorder, new ManualClock()));

        using var response = await app.Http.PostAsync("/Tick", new StringContent(payload, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
        Assert.Equal(0, recorder.Ticks);
    }

    [Fact]
    public async Task UnknownFunctionGets404()
    {
        await using var app = await AppHost.StartAsync(AppHost.BaseSettings(), customHandler: true);
        using var response = await app.Http.PostAsync("/NoSuchFunction", new StringContent("""{ "Data": {}, "Metadata": {} }""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task FailingFunctionGets500SoTheHostRetries()
    {
        var recorder = new Recorder { FailTicks = true };
        await using var app = await AppHost.StartAsync(AppHost.BaseSettings(), customHandler: true, services => TestFunctions(services, recorder, new ManualClock()));

        using var response = await app.Http.PostAsync("/Tick", new StringContent("""{ "Data": { "timer": { "IsPastDue": false } }, "Metadata": {} }""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("Tick failed: tick refused", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task StandaloneFiresTimersOnTheirScheduleAndDeliversQueueOutputs()
    {
        var recorder = new Recorder();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 21, 12, 0, 1, TimeSpan.Zero));
        await using var app = await AppHost.StartAsync(AppHost.BaseSettings(), customHandler: false, services => TestFunctions(services, recorder, clock));

        // Other hosted services (storage retries at start, for one) may hold timers on the clock too: wait for the scheduler's own.
        await WaitUntil(() => clock.HasTimerDueIn(TimeSpan.FromSeconds(9)));
        clock.Advance(TimeSpan.FromSeconds(8));
        Assert.Equal(0, recorder.Ticks); // next occurrence is 12:00:10
        clock.Advance(TimeSpan.FromSeconds(1));
        await WaitUntil(() => recorder.Echoes.Count == 2);
        await WaitUntil(() => clock.HasTimerDueIn(TimeSpan.FromSeconds(10)));
        clock.Advance(TimeSpan.FromSeconds(10));
        await WaitUntil(() => recorder.Echoes.Count == 4);

        Assert.Equal(2, recorder.Ticks);
        Assert.Equal(["tick 1", "tick 1 again", "tick 2", "tick 2 again"], recorder.Echoes.Order());
    }

    private static void TestFunctions(IServiceCollection services, Recorder recorder, ManualClock clock)
    {
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(new FunctionCatalog([FunctionCatalog.Parse("Tick", TickJson, "Tick"), FunctionCatalog.Parse("Echo", EchoJson, "Echo")]));
        services.AddSingleton(recorder);
        services.AddScoped<IFunction, TickFunction>();
        services.AddScoped<IFunction, EchoFunction>();
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition(), "condition not reached within 5 s");
    }

    private sealed class Recorder
    {
        private int _ticks;
        public bool FailTicks { get; init; }
        public int Ticks => _ticks;
        public int NextTick() => Interlocked.Increment(ref _ticks);
        public ConcurrentBag<string> Echoes { get; } = [];
    }

    private sealed class TickFunction(Recorder recorder) : IFunction
    {
        public string Name => "Tick";

        public Task RunAsync(FunctionContext context, CancellationToken cancellationToken)
        {
            if (recorder.FailTicks) throw new InvalidOperationException("tick refused");
            var n = recorder.NextTick();
            var pastDue = context.Invocation.Data["timer"].GetProperty("IsPastDue").GetBoolean();
            context.Log(Microsoft.Extensions.Logging.LogLevel.Information, $"tick {n}, past due: {pastDue}");
            context.SetOutput("echoes", JsonSerializer.SerializeToElement(new[] { $"tick {n}", $"tick {n} again" }));
            return Task.CompletedTask;
        }
    }

    private sealed class EchoFunction(Recorder recorder) : IFunction
    {
        public string Name => "Echo";

        public Task RunAsync(FunctionContext context, CancellationToken cancellationToken)
        {
            recorder.Echoes.Add(context.Invocation.Data["message"].GetString()!);
            return Task.CompletedTask;
        }
    }
}
