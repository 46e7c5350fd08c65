using ChainTrader.Core.Oracles;
using ChainTrader.Application.Oracles;
using ChainTrader.Tests.Contracts;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChainTrader.Tests.Oracles;

/// <summary>
/// OraclePoll against the devnet's mock aggregators and pools: every failure of SPEC 4 driven on chain, each checked for
/// its verdict, its one alert, the escalation two minutes later, and the recovery.
/// </summary>
[Collection(DevnetCollection.Name)]
public class OraclePollDevnetTests
{
    public static TheoryData<string> Failures => ["stale", "zero", "negative", "incomplete round", "out of range", "dex disagrees", "sequencer down", "sequencer in grace"];

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task EachFailureIsNamedAlertedOnceEscalatedAndRecovered(string failure)
    {
        var chain = await DevnetChain.ConnectAsync();
        await chain.InSnapshotAsync(async () =>
        {
            var sequencer = failure.StartsWith("sequencer", StringComparison.Ordinal);
            await using var env = await OracleDevnet.StartAsync(chain, s =>
            {
                if (sequencer) s["CHAIN_DEVNET_REQUIRES_SEQUENCER"] = "true";
            });

            var healthy = await env.PollAsync();
            Assert.True(healthy.IsUsable, healthy.Summary);
            Assert.Equal(3000m, healthy.Price);
            Assert.Empty(env.AllAlerts("raise"));

            var (rule, key) = failure switch
            {
                "stale" => (OracleRule.Stale, await Break(() => env.SetFeedAsync("ETH/USD", 3000m, age: TimeSpan.FromSeconds(700)), OracleAlerts.StaleKey("ETH"))),
                "zero" => (OracleRule.NonPositive, await Break(() => env.SetFeedAsync("ETH/USD", 0m), OracleAlerts.RangeKey("ETH"))),
                "negative" => (OracleRule.NonPositive, await Break(() => env.SetFeedAsync("ETH/USD", -5m), OracleAlerts.RangeKey("ETH"))),
                "incomplete round" => (OracleRule.IncompleteRound, await Break(() => env.SetFeedAsync("ETH/USD", 3000m, answeredBehind: 1), OracleAlerts.StaleKey("ETH"))),
                "out of range" => (OracleRule.SanityRange, await Break(() => env.SetFeedAsync("ETH/USD", 25_000m), OracleAlerts.RangeKey("ETH"))),
                "dex disagrees" => (OracleRule.DexOutlier, await Break(() => env.SetFeedAsync("ETH/USD", 3100m), OracleAlerts.DisagreeKey("ETH"))),
                "sequencer down" => (OracleRule.SequencerDown, await Break(() => env.SetSequencerAsync(down: true, TimeSpan.Zero), OracleAlerts.SequencerKey("devnet"))),
                "sequencer in grace" => (OracleRule.SequencerGracePeriod,
                    await Break(() => env.SetSequencerAsync(down: false, TimeSpan.FromSeconds(10)), OracleAlerts.SequencerKey("devnet"))),
                _ => throw new ArgumentOutOfRangeException(nameof(failure)),
            };

            var broken = await env.PollAsync();
            Assert.False(broken.IsUsable);
            Assert.Null(broken.Price);
            Assert.Contains(broken.Failures, f => f.Rule == rule);
            Assert.Equal(3000m, broken.StalePrice); // the last good price, shown as stale, never used
            var raised = Assert.Single(env.AllAlerts("raise"));
            Assert.StartsWith($"alert:{key}:", raised.DedupeKey);
            Assert.Contains(key, raised.Html);

            // Still failing: deduped; two minutes after the raise: one escalation.
            Assert.False((await env.PollAsync()).IsUsable);
            Assert.Single(env.AllAlerts("raise"));
            Assert.Empty(env.AllAlerts("escalate"));
            env.Clock.Advance(TimeSpan.FromSeconds(121));
            Assert.False((await env.PollAsync()).IsUsable);
            Assert.Single(env.Alerts(key, "escalate"));
            Assert.False((await env.PollAsync()).IsUsable);
            Assert.Single(env.AllAlerts("escalate"));

            if (sequencer) await env.SetSequencerAsync(down: false, TimeSpan.FromHours(2));
            else await env.SetFeedAsync("ETH/USD", 3000m);
            var recovered = await env.PollAsync();
            Assert.True(recovered.IsUsable, recovered.Summary);
            Assert.Single(env.Alerts(key, "recover"));
            Assert.Single(env.AllAlerts("raise"));

            // Every poll left a snapshot that names what it saw.
            var history = await env.App.Services.GetRequiredService<OracleSnapshotStore>().RecentAsync("ETH", 10, CancellationToken.None);
            Assert.Equal(6, history.Count);
            Assert.True(history[0].Assessment.IsUsable);
            Assert.Contains(history.Skip(1), s => s.Assessment.Failures.Any(f => f.Rule == rule));
            Assert.All(history, s => Assert.Contains(s.Provenance, p => p.Source == "chainlink ETH/USD on devnet" && p.Endpoint.StartsWith("http://127.0.0.1:")));
        });

        static async Task<string> Break(Func<Task> action, string key)
        {
            await action();
            return key;
        }
    }

    [Fact]
    public async Task CurrentFailsClosedOnceTheSnapshotIsOlderThanTheMaxAge_AssessNowReadsTheChainAndIsCitable()
    {
        var chain = await DevnetChain.ConnectAsync();
        await chain.InSnapshotAsync(async () =>
        {
            await using var env = await OracleDevnet.StartAsync(chain, s => s["ORACLE_MAX_AGE_S"] = "30");
            var polled = await env.PollAsync("weth");
            Assert.True(polled.IsUsable, polled.Summary);
            Assert.Equal(polled.EvaluatedAt, (await env.Oracle.CurrentAsync("ETH/USD", CancellationToken.None)).EvaluatedAt);
            Assert.Equal("ETH", polled.Symbol);

            env.Clock.Advance(TimeSpan.FromSeconds(31));
            var old = await env.Oracle.CurrentAsync("ETH", CancellationToken.None);
            Assert.False(old.IsUsable);
            Assert.Contains(old.Failures, f => f.Rule == OracleRule.Stale && f.Source == PriceOracle.SnapshotSource && f.Message.Contains("s old > max 30 s"));
            Assert.Equal(3000m, old.StalePrice);

            var now = await env.Oracle.AssessNowAsync("eth", CancellationToken.None);
            Assert.True(now.IsUsable, now.Summary);
            Assert.Equal(env.Clock.GetUtcNow(), now.EvaluatedAt);
            var cited = await env.App.Services.GetRequiredService<OracleSnapshotStore>().GetAsync("ETH", now.EvaluatedAt, CancellationToken.None);
            Assert.NotNull(cited);
            Assert.Equal(now.Price, cited.Assessment.Price);
            Assert.Contains(cited.Provenance, p => p.Source.StartsWith("dex ", StringComparison.Ordinal));

            var unknown = await Assert.ThrowsAsync<UnsupportedSymbolException>(() => env.Oracle.CurrentAsync("DOGE", CancellationToken.None));
            Assert.Equal("Unknown symbol \"DOGE\". Supported symbols: BTC, ETH, USDC.", unknown.Message);
        });
    }
}
