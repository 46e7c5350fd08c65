using ChainTrader.Core.Alerts;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Risk;
using ChainTrader.Application.Alerts;
using ChainTrader.Application.Operations;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChainTrader.Tests.Operations;

/// <summary>
/// Every alert of the matrix through the real <see cref="AlertMonitor"/> and <see cref="AlertService"/> against Azurite,
/// with injected time: raised once, silent within the dedupe window, escalated two minutes after the raise, and a
/// recovery once the condition clears. Conditions come from the same inputs production reads: gates, the ledger's
/// book, signal counts (through the logger provider for exceptions), the oracle's verdicts and stored reconciliations.
/// </summary>
[Collection(OperationsCollection.Name)]
public class AlertMatrixTests(OperationsFixture fixture)
{
    private static readonly long[] Admins = [2002, 2003];

    public static TheoryData<string> Keys() =>
    [
        AlertKeys.KillSwitch, AlertKeys.DailyStop, AlertKeys.WeeklyStop, AlertKeys.MaxDrawdown, AlertKeys.WebhookLatency,
        AlertKeys.RpcLatency, AlertKeys.RpcErrors, AlertKeys.TelegramErrors, AlertKeys.OrderRejections, AlertKeys.EmptyUniverse,
        AlertKeys.Exceptions, AlertKeys.Reconciliation("devnet"),
    ];

    private sealed class Rig
    {
        public required ManualClock Clock { get; init; }
        public required RecordingNotifier Notifier { get; init; }
        public required AlertMonitor Monitor { get; init; }
        public required SettableGates Gates { get; init; }
        public required SettablePortfolio Portfolio { get; init; }
        public required SettableUniverse Universe { get; init; }
        public required OperationalSignals Signals { get; init; }
        public required BalanceReconciler Reconciler { get; init; }
        public required ExceptionSignalLoggerProvider Exceptions { get; init; }
    }

    /// <summary>A rig whose conditions are all clear, with any alert an earlier test of the collection left raised recovered first.</summary>
    private async Task<Rig> BuildAsync()
    {
        var rig = Build();
        await rig.Monitor.EvaluateAsync(CancellationToken.None);
        rig.Notifier.Clear();
        return rig;
    }

    private Rig Build()
    {
        var clock = OperationsFixture.NextClock();
        var notifier = new RecordingNotifier();
        var tables = fixture.Tables();
        var signals = new OperationalSignals(() => tables, clock, OperationsFixture.Telemetry());
        var gates = new SettableGates(clock);
        var portfolio = new SettablePortfolio();
        var universe = new SettableUniverse(clock);
        var reconciler = new BalanceReconciler(tables, clock);
        var alerts = new AlertService(fixture.Service(), notifier, new AlertOptions(Admins, AlertPolicy.Default), clock, NullLogger<AlertService>.Instance);
        var monitor = new AlertMonitor(alerts, gates, signals, reconciler, new OperationsOptions(), new RiskLimits(), OperationsFixture.Telemetry(),
            portfolio, universe, NullLogger<AlertMonitor>.Instance);
        return new Rig
        {
            Clock = clock, Notifier = notifier, Monitor = monitor, Gates = gates, Portfolio = portfolio, Universe = universe, Signals = signals,
            Reconciler = reconciler, Exceptions = new ExceptionSignalLoggerProvider(signals),
        };
    }

    /// <summary>Makes the condition of <paramref name="key"/> true (or false) as its real source would; called before every sweep.</summary>
    private static async Task SetAsync(Rig rig, string key, bool active)
    {
        switch (key)
        {
            case AlertKeys.KillSwitch:
                rig.Gates.EmergencyStop = active;
                break;
            case AlertKeys.DailyStop:
                rig.Portfolio.Snapshot = active ? new PortfolioSnapshot(96_500m, [], 100_000m, 100_000m, 100_000m) : SettablePortfolio.Healthy;
                break;
            case AlertKeys.WeeklyStop:
                rig.Portfolio.Snapshot = active ? new PortfolioSnapshot(92_000m, [], 92_500m, 100_000m, 100_000m) : SettablePortfolio.Healthy;
                break;
            case AlertKeys.MaxDrawdown:
                rig.Portfolio.Snapshot = active ? new PortfolioSnapshot(89_000m, [], 89_500m, 89_500m, 100_000m) : SettablePortfolio.Healthy;
                break;
            case AlertKeys.WebhookLatency when active:
                for (var i = 0; i < 6; i++) rig.Signals.RecordLatency(SignalKind.WebhookAnswered, SignalKind.WebhookSlow, TimeSpan.FromMilliseconds(i < 2 ? 2500 : 80));
                break;
            case AlertKeys.RpcLatency when active:
                for (var i = 0; i < 6; i++) rig.Signals.RecordLatency(SignalKind.RpcExchange, SignalKind.RpcSlow, TimeSpan.FromMilliseconds(i < 2 ? 2000 : 40));
                break;
            case AlertKeys.RpcErrors when active:
                rig.Signals.Record(SignalKind.RpcError, 10);
                break;
            case AlertKeys.TelegramErrors when active:
                rig.Signals.Record(SignalKind.TelegramError, 10);
                break;
            case AlertKeys.OrderRejections when active:
                rig.Signals.Record(SignalKind.OrderRejection, 5);
                break;
            case AlertKeys.Exceptions when active:
                var logger = rig.Exceptions.CreateLogger(typeof(ChainTrader.Application.Trades.RunTradeEffectActivity).FullName!);
                for (var i = 0; i < 5; i++) logger.LogError(new InvalidOperationException("boom"), "Trade effect failed");
                logger.LogWarning(new InvalidOperationException("not counted"), "a warning is not an exception burst");
                logger.LogError("an error without an exception is not counted either");
                break;
            case AlertKeys.EmptyUniverse:
                rig.Universe.Empty = active;
                break;
            case var reconciliation when reconciliation == AlertKeys.Reconciliation("devnet"):
                var owner = Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
                IReadOnlyList<BalanceMismatch> mismatches = active ? [new BalanceMismatch("USDC", owner, owner, 6, 1_000_000_000, 999_000_000)] : [];
                await rig.Reconciler.StoreAsync(new ReconciliationResult("devnet", 1234, rig.Clock.GetUtcNow(), 3, mismatches), CancellationToken.None);
                break;
        }
    }

    private static async Task<AlertAction> SweepAsync(Rig rig, string key, bool active)
    {
        await SetAsync(rig, key, active);
        var outcomes = await rig.Monitor.EvaluateAsync(CancellationToken.None);
        Assert.All(outcomes.Where(o => o.Key != key), o => Assert.Equal(AlertAction.None, o.Action));
        return Assert.Single(outcomes, o => o.Key == key).Action;
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task RaisedOnceWithinTheDedupeWindowEscalatedAfterTwoMinutesAndRecovered(string key)
    {
        var rig = await BuildAsync();
        var raisedAt = rig.Clock.GetUtcNow();

        Assert.Equal(AlertAction.Raise, await SweepAsync(rig, key, active: true));
        rig.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(AlertAction.None, await SweepAsync(rig, key, active: true));
        rig.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(AlertAction.None, await SweepAsync(rig, key, active: true));
        rig.Clock.Advance(TimeSpan.FromSeconds(60)); // 119 s after the raise
        Assert.Equal(AlertAction.None, await SweepAsync(rig, key, active: true));
        rig.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(AlertAction.Escalate, await SweepAsync(rig, key, active: true));
        rig.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(AlertAction.None, await SweepAsync(rig, key, active: true));

        // Past the longest signal window, so counted bursts have aged out like they would in production.
        rig.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(AlertAction.Recover, await SweepAsync(rig, key, active: false));
        rig.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(AlertAction.None, await SweepAsync(rig, key, active: false));

        var messages = rig.Notifier.Messages.ToArray();
        var episode = $"alert:{key}:{raisedAt.ToUnixTimeMilliseconds()}";
        Assert.Equal(
            Admins.Select(a => (a, $"{episode}:raise")).Concat(Admins.Select(a => (a, $"{episode}:escalate"))).Concat(Admins.Select(a => (a, $"{episode}:recover"))),
            messages.Select(m => (m.ChatId, m.DedupeKey)));
        Assert.StartsWith($"🚨 <b>Alert</b> <code>{key}</code>\n", messages[0].Html);
        Assert.StartsWith($"🔺 <b>Still failing</b> <code>{key}</code> for 2 min 0 s\n", messages[2].Html);
        Assert.StartsWith($"✅ <b>Recovered</b> <code>{key}</code>", messages[4].Html);
        Assert.Contains(ExpectedRaiseText(key), messages[0].Html);
    }

    private static string ExpectedRaiseText(string key) => key switch
    {
        AlertKeys.KillSwitch => "Emergency stop is engaged by user 2002",
        AlertKeys.DailyStop => "3.5 % loss today (NAV $96,500.00, $100,000.00 at the start of the UTC day) reached the 3 % limit",
        AlertKeys.WeeklyStop => "8 % loss this week",
        AlertKeys.MaxDrawdown => "11 % drawdown from the peak NAV $100,000.00 reached the 10 % limit",
        AlertKeys.WebhookLatency => "p95 of webhook answers is over LATENCY_WARN_MS 2000 ms: 2 of 6",
        AlertKeys.RpcLatency => "p95 of RPC exchanges is over LATENCY_WARN_MS 2000 ms: 2 of 6",
        AlertKeys.RpcErrors => "10 RPC errors in the last 1 min (alert at 10)",
        AlertKeys.TelegramErrors => "10 Telegram API errors in the last 1 min",
        AlertKeys.OrderRejections => "5 order rejections in the last 10 min (alert at 5)",
        AlertKeys.EmptyUniverse => "No symbol is tradable",
        AlertKeys.Exceptions => "5 errors logged with an exception in the last 1 min (alert at 5)",
        _ => "USDC of 0x70997970C51812dc3A010C7d01b50e0d17dc79C8: ledger 1000, chain 999 (-1)",
    };

    [Fact]
    public async Task BelowTheThresholdsNothingIsRaised()
    {
        var rig = await BuildAsync();
        rig.Signals.Record(SignalKind.RpcError, 9);
        rig.Signals.Record(SignalKind.TelegramError, 9);
        rig.Signals.Record(SignalKind.OrderRejection, 4);
        for (var i = 0; i < 20; i++) rig.Signals.RecordLatency(SignalKind.WebhookAnswered, SignalKind.WebhookSlow, TimeSpan.FromMilliseconds(i == 0 ? 5000 : 10));
        for (var i = 0; i < 4; i++) rig.Signals.RecordLatency(SignalKind.RpcExchange, SignalKind.RpcSlow, TimeSpan.FromSeconds(9)); // too few samples
        rig.Portfolio.Snapshot = new PortfolioSnapshot(97_100m, [], 100_000m, 100_000m, 100_000m); // -2.9 %: under the 3 % daily stop

        var outcomes = await rig.Monitor.EvaluateAsync(CancellationToken.None);

        Assert.All(outcomes, o => Assert.False(o.Active, o.Key));
        Assert.Empty(rig.Notifier.Messages);
    }

    [Theory]
    [InlineData(20, 1, false)] // nearest-rank p95 of 20 is the 19th value: one slow sample does not move it
    [InlineData(20, 2, true)]
    [InlineData(100, 5, false)]
    [InlineData(100, 6, true)]
    [InlineData(1, 1, true)]
    [InlineData(0, 0, false)]
    public void P95IsAboveTheThresholdExactlyWhenMoreThanFivePercentAreSlow(long samples, long slow, bool above) =>
        Assert.Equal(above, AlertMonitor.P95Above(samples, slow));

    [Fact]
    public void WithoutLedgerOrOracleTheirConditionsAreNamedAsNotEvaluated()
    {
        var clock = OperationsFixture.NextClock();
        var tables = fixture.Tables();
        var monitor = new AlertMonitor(
            new AlertService(fixture.Service(), new RecordingNotifier(), new AlertOptions(Admins, AlertPolicy.Default), clock, NullLogger<AlertService>.Instance),
            new SettableGates(clock), new OperationalSignals(() => tables, clock, OperationsFixture.Telemetry()), new BalanceReconciler(tables, clock),
            new OperationsOptions(), new RiskLimits(), OperationsFixture.Telemetry(), null, null, NullLogger<AlertMonitor>.Instance);

        Assert.Equal(
            ["breaker.daily_stop, breaker.weekly_stop, breaker.max_drawdown: no IPortfolioSource (trade ledger) registered",
             "universe.empty: no ITradableUniverseSource (oracle verdicts) registered"],
            monitor.Unwired);
    }
}
