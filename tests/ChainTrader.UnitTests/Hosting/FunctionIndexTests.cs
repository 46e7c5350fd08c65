using ChainTrader.Functions;
using ChainTrader.Functions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace ChainTrader.UnitTests.Hosting;

/// <summary>What the standalone host reads off the [Function] methods, and how it decides which host it runs under.</summary>
public sealed class FunctionIndexTests
{
    [Fact]
    public void TheAppsFunctionsAreFoundWithTheirTriggers()
    {
        var index = FunctionIndex.Discover(typeof(ChainTraderApp).Assembly);

        Assert.Equal(["AlertSweep", "Health", "Healthz", "Housekeeping", "LoadTrade", "Metrics", "Notify", "OraclePoll", "OutboxSweeper", "Readyz",
            "RpcHealth", "RunTradeEffect", "SaveTradeStep", "TelegramWebhook", "TradeOrchestrator", "WatchPoll"], index.Functions.Select(f => f.Name));
        var webhook = index.Find("TelegramWebhook")!;
        Assert.Equal((FunctionTrigger.Http, "telegram/webhook", "anonymous"), (webhook.Trigger, webhook.Route, webhook.AuthLevel));
        Assert.Equal(["post"], webhook.HttpMethods);
        Assert.Equal("function", index.Find("Metrics")!.AuthLevel);
        Assert.Equal((FunctionTrigger.Queue, "notifications"), (index.Find("Notify")!.Trigger, index.Find("Notify")!.QueueName));
        var sweeper = index.Find("OutboxSweeper")!;
        Assert.Equal((FunctionTrigger.Timer, "*/5 * * * * *"), (sweeper.Trigger, sweeper.ScheduleExpression));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 5, TimeSpan.Zero), sweeper.Schedule!.NextAfter(new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero)));
        Assert.Equal([("LoadTrade", FunctionTrigger.Activity), ("RunTradeEffect", FunctionTrigger.Activity), ("SaveTradeStep", FunctionTrigger.Activity),
            ("TradeOrchestrator", FunctionTrigger.Orchestration)], index.Durable.Select(f => (f.Name, f.Trigger)).Order());
    }

    [Fact]
    public void ARouteDefaultsToTheFunctionNameAndMethodsAreLowerCase()
    {
        var function = Assert.Single(FunctionIndex.Discover([typeof(DefaultRoute)]).Functions);

        Assert.Equal("Ping", function.Route);
        Assert.Equal(["get", "post"], function.HttpMethods);
    }

    [Fact]
    public void OrchestratorsAndActivitiesAreListedForTheDurableEngineAndNotBoundHere()
    {
        var index = FunctionIndex.Discover([typeof(DurableShapes)]);

        Assert.Equal([("Flow", FunctionTrigger.Orchestration), ("Work", FunctionTrigger.Activity)], index.Durable.Select(f => (f.Name, f.Trigger)).Order());
    }

    [Fact]
    public void TwoFunctionsWithOneNameAreRefused()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => FunctionIndex.Discover([typeof(DefaultRoute), typeof(SameName)]));
        Assert.Contains("Ping", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFunctionWithoutExactlyOneTriggerIsRefused()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => FunctionIndex.Discover([typeof(NoTrigger)]));
        Assert.Contains("exactly one trigger", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInvalidScheduleIsRefusedNamingTheFunction()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => FunctionIndex.Discover([typeof(BadSchedule)]));
        Assert.Contains("Bad", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABinderFillsTriggerAndTokenAndRefusesAnythingElseNamingFunctionAndParameter()
    {
        var binders = FunctionBinder.Bind(Assert.Single(FunctionIndex.Discover([typeof(SameName)]).Functions));
        using var cancellation = new CancellationTokenSource();
        var arguments = new FunctionArguments(new ServiceCollection().BuildServiceProvider(), "trigger", cancellation.Token);
        Assert.Equal(["trigger", cancellation.Token], binders.Select(b => b(arguments)));

        var failure = Assert.Throws<InvalidOperationException>(() => FunctionBinder.Bind(Assert.Single(FunctionIndex.Discover([typeof(Unbindable)]).Functions)));
        Assert.Contains("Function Odd", failure.Message, StringComparison.Ordinal);
        Assert.Contains("'extra'", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--functions-uri", "http://127.0.0.1:4711/" }, null, true)]
    [InlineData(new string[0], "http://127.0.0.1:4711/", true)]
    [InlineData(new[] { "--urls", "http://127.0.0.1:7071" }, null, false)]
    [InlineData(new string[0], "", false)]
    public void TheFunctionsHostIsRecognisedByTheEndpointItHandsTheWorker(string[] args, string? endpoint, bool expected) =>
        Assert.Equal(expected, HostingMode.IsFunctionsHost(args, name => name == HostingMode.HostEndpointVariable ? endpoint : null));

    private sealed class DefaultRoute
    {
        [Function("Ping")]
        public static string Run([HttpTrigger(AuthorizationLevel.Anonymous, "GET", "Post")] HttpRequest request) => "pong";
    }

    private sealed class SameName
    {
        [Function("ping")]
        public static void Run([QueueTrigger("q")] string message, CancellationToken cancellationToken) { }
    }

    private sealed class NoTrigger
    {
        [Function("Lost")]
        public static void Run(string message) { }
    }

    private sealed class BadSchedule
    {
        [Function("Bad")]
        public static void Run([TimerTrigger("every minute")] TimerInfo timer) { }
    }

    private sealed class Unbindable
    {
        [Function("Odd")]
        public static void Run([QueueTrigger("q")] string message, int extra) { }
    }

    [AttributeUsage(AttributeTargets.Parameter)]
    private sealed class OrchestrationTriggerAttribute : Attribute;

    [AttributeUsage(AttributeTargets.Parameter)]
    private sealed class ActivityTriggerAttribute : Attribute;

    private sealed class DurableShapes
    {
        [Function("Flow")]
        public static void Orchestrate([OrchestrationTrigger] object context) { }

        [Function("Work")]
        public static void Act([ActivityTrigger] string input) { }
    }
}
