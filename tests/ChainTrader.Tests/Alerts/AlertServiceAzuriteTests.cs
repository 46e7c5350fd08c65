using ChainTrader.Core.Alerts;
using ChainTrader.Application.Alerts;
using ChainTrader.Application.Notifications;
using ChainTrader.Tests.Infrastructure;
using ChainTrader.Tests.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChainTrader.Tests.Alerts;

/// <summary>AlertService against Azurite's table service, with injected time.</summary>
public class AlertServiceAzuriteTests
{
    private static readonly long[] Admins = [1001, 1002];
    private static readonly AlertOptions Options = new(Admins, AlertPolicy.Default);

    private static async Task<AlertService> ServiceAsync(INotifier notifier, TimeProvider clock)
        => new(await AzuriteTables.ServiceAsync(), notifier, Options, clock, NullLogger<AlertService>.Instance);

    private static string UniqueKey() => $"oracle.stale:ETH-{Guid.NewGuid():N}";

    [Fact]
    public async Task RaisesOnceWithinTheDedupeWindowThenEscalatesThenRecovers()
    {
        var clock = new ManualClock();
        var raisedAt = clock.GetUtcNow();
        var notifier = new RecordingNotifier();
        var alerts = await ServiceAsync(notifier, clock);
        var key = UniqueKey();

        Assert.Equal(AlertAction.Raise, await alerts.EvaluateAsync(key, true, "ETH/USD not usable: chainlink ETH/USD age 95 s > max 30 s", CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(AlertAction.None, await alerts.EvaluateAsync(key, true, "still", CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(49));
        Assert.Equal(AlertAction.None, await alerts.EvaluateAsync(key, true, "still", CancellationToken.None));

        var raises = notifier.Messages.ToArray();
        Assert.Equal(Admins, raises.Select(m => m.ChatId));
        Assert.All(raises, m => Assert.Equal($"alert:{key}:{raisedAt.ToUnixTimeMilliseconds()}:raise", m.DedupeKey));
        Assert.Equal($"🚨 <b>Alert</b> <code>{key}</code>\nETH/USD not usable: chainlink ETH/USD age 95 s &gt; max 30 s", raises[0].Html);

        clock.Advance(TimeSpan.FromSeconds(61)); // 120 s after the raise
        Assert.Equal(AlertAction.Escalate, await alerts.EvaluateAsync(key, true, "ETH/USD still not usable", CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(300));
        Assert.Equal(AlertAction.None, await alerts.EvaluateAsync(key, true, "ETH/USD still not usable", CancellationToken.None));

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(AlertAction.Recover, await alerts.EvaluateAsync(key, false, "ETH/USD 3000.5 usable again", CancellationToken.None));
        Assert.Equal(AlertAction.None, await alerts.EvaluateAsync(key, false, "ETH/USD 3000.5", CancellationToken.None));

        var all = notifier.Messages.ToArray();
        Assert.Equal(6, all.Length);
        Assert.Equal(
            [$"alert:{key}:{raisedAt.ToUnixTimeMilliseconds()}:escalate", $"alert:{key}:{raisedAt.ToUnixTimeMilliseconds()}:escalate"],
            all[2..4].Select(m => m.DedupeKey));
        Assert.Equal($"🔺 <b>Still failing</b> <code>{key}</code> for 2 min 0 s\nETH/USD still not usable", all[2].Html);
        Assert.Equal($"✅ <b>Recovered</b> <code>{key}</code> after 7 min 30 s\nETH/USD 3000.5 usable again", all[4].Html);
        Assert.Equal($"alert:{key}:{raisedAt.ToUnixTimeMilliseconds()}:recover", all[5].DedupeKey);

        Assert.Equal(AlertState.Inactive with { LastRaiseSentAt = raisedAt }, await alerts.GetStateAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task StateSurvivesAcrossServiceInstances()
    {
        var clock = new ManualClock();
        var notifier = new RecordingNotifier();
        var key = UniqueKey();
        await (await ServiceAsync(notifier, clock)).EvaluateAsync(key, true, "down", CancellationToken.None);

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(AlertAction.None, await (await ServiceAsync(notifier, clock)).EvaluateAsync(key, true, "down", CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(AlertAction.Escalate, await (await ServiceAsync(notifier, clock)).EvaluateAsync(key, true, "down", CancellationToken.None));
        Assert.Equal(4, notifier.Messages.Count);
    }

    [Fact]
    public async Task RacingInstancesSendOnce()
    {
        var clock = new ManualClock();
        var notifier = new RecordingNotifier();
        var key = UniqueKey();
        var instances = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => ServiceAsync(notifier, clock)));

        for (var round = 0; round < 3; round++)
        {
            var actions = await Task.WhenAll(instances.Select(i => Task.Run(() => i.EvaluateAsync(key, true, "kill switch engaged", CancellationToken.None))));
            Assert.Equal(round == 0 ? 1 : 0, actions.Count(a => a == AlertAction.Raise));
        }
        clock.Advance(TimeSpan.FromSeconds(120));
        var escalations = await Task.WhenAll(instances.Select(i => Task.Run(() => i.EvaluateAsync(key, true, "kill switch engaged", CancellationToken.None))));
        Assert.Single(escalations, a => a == AlertAction.Escalate);
        clock.Advance(TimeSpan.FromSeconds(1));
        var recoveries = await Task.WhenAll(instances.Select(i => Task.Run(() => i.EvaluateAsync(key, false, "kill switch released", CancellationToken.None))));
        Assert.Single(recoveries, a => a == AlertAction.Recover);

        var messages = notifier.Messages.ToArray();
        Assert.Equal(6, messages.Length); // raise, escalate, recover × 2 admins
        Assert.Equal(messages.Length, messages.Select(m => (m.ChatId, m.DedupeKey)).Distinct().Count());
    }

    [Fact]
    public async Task AMessageLostBetweenDecisionAndDeliveryIsDeliveredLater()
    {
        var clock = new ManualClock();
        var key = UniqueKey();
        var crashing = new RecordingNotifier(failFirst: 1);
        await Assert.ThrowsAsync<IOException>(async () => await (await ServiceAsync(crashing, clock)).EvaluateAsync(key, true, "RPC errors: 12 in 60 s", CancellationToken.None));

        // The decision is recorded with its message; nothing is decided over it while its sender may still be at work.
        var notifier = new RecordingNotifier();
        var alerts = await ServiceAsync(notifier, clock);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(AlertAction.None, await alerts.EvaluateAsync(key, true, "RPC errors", CancellationToken.None));
        Assert.Empty(notifier.Messages);

        clock.Advance(AlertService.PendingTakeoverAfter - TimeSpan.FromSeconds(29));
        Assert.Equal(AlertAction.None, await alerts.EvaluateAsync(key, true, "RPC errors", CancellationToken.None));
        var delivered = notifier.Messages.ToArray();
        Assert.Equal(Admins, delivered.Select(m => m.ChatId));
        Assert.All(delivered, m => Assert.EndsWith(":raise", m.DedupeKey));
        Assert.All(delivered, m => Assert.Contains("RPC errors: 12 in 60 s", m.Html));

        clock.Advance(TimeSpan.FromSeconds(90)); // 120 s after the raise decision
        Assert.Equal(AlertAction.Escalate, await alerts.EvaluateAsync(key, true, "RPC errors", CancellationToken.None));
    }

    [Theory]
    [InlineData("oracle/ETH")]
    [InlineData("oracle#1")]
    [InlineData("")]
    public async Task KeysTheTableCannotHoldAreRejected(string key)
        => await Assert.ThrowsAnyAsync<ArgumentException>(async () => await (await ServiceAsync(new RecordingNotifier(), new ManualClock())).EvaluateAsync(key, true, "x", CancellationToken.None));

    [Fact]
    public void OptionsAreReadFromConfiguration()
    {
        // Alerts go to the admin chat only, not to each admin's private chat (issue 16: admin noise away from traders).
        var options = AlertOptions.FromConfiguration(Config(("ADMIN_USER_IDS", " 42, 43 ,42"), ("ADMIN_CHAT_ID", "-1001"), ("ALERT_DEDUPE_S", "30"), ("ALERT_ESCALATE_S", "300")));
        Assert.Equal([-1001L], options.AdminChatIds);
        Assert.Equal(new AlertPolicy(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(300)), options.Policy);
        Assert.Equal(AlertPolicy.Default, AlertOptions.FromConfiguration(Config(("ADMIN_USER_IDS", "7"), ("ADMIN_CHAT_ID", "7"))).Policy);
    }

    [Fact]
    public void BadOptionsAreAllListed()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => AlertOptions.FromConfiguration(Config(("ADMIN_USER_IDS", "42,@ops"), ("ADMIN_CHAT_ID", "ops"), ("ALERT_ESCALATE_S", "0"))));
        Assert.Equal("""
            Invalid alert settings:
            - ADMIN_USER_IDS contains "@ops", which is not a Telegram user id (a positive whole number).
            - ADMIN_CHAT_ID: "ops" is not a Telegram chat id (a whole number other than 0; groups are negative).
            - ALERT_ESCALATE_S must be a whole number of seconds above 0; got "0".
            """.ReplaceLineEndings("\n"), ex.Message);
        Assert.Contains("ADMIN_USER_IDS is empty", Assert.Throws<InvalidOperationException>(() => AlertOptions.FromConfiguration(Config())).Message);
        Assert.Contains(AlertOptions.MissingChat, Assert.Throws<InvalidOperationException>(() => AlertOptions.FromConfiguration(Config(("ADMIN_USER_IDS", "42")))).Message);
    }

    private static IConfiguration Config(params (string Key, string Value)[] values)
        => new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
