using ChainTrader.Tests.Infrastructure;
using System.Diagnostics;
using ChainTrader.Adapters.Rpc;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;

namespace ChainTrader.Tests.Rpc;

/// <summary>
/// Pool logic (breaker, backoff, lag, fail-fast) against in-process endpoints; the ones that need real chain answers
/// are in <see cref="RpcPoolFailoverTests"/> (Hardhat behind misbehaving proxies).
/// </summary>
public sealed class RpcPoolTests
{
    private const ulong ChainId = 31337;
    private static readonly HttpClient Http = new();

    internal static RpcPool NewPool(IEnumerable<Uri> endpoints, RpcPoolOptions options, TimeProvider? time = null) =>
        new(ChainId, endpoints.ToList(), Http, options, time ?? TimeProvider.System, NullLogger<RpcPool>.Instance);

    [Fact]
    public void Defaults_are_the_specified_ones()
    {
        var options = new RpcPoolOptions();
        Assert.Equal(TimeSpan.FromSeconds(30), options.RequestTimeout);
        Assert.Equal(4, options.MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), options.RetryBaseDelay);
        Assert.Equal(5, options.BreakerFailureThreshold);
        Assert.Equal(TimeSpan.FromSeconds(60), options.BreakDuration);
    }

    [Fact]
    public void Invalid_configuration_is_rejected_with_the_reason()
    {
        var url = new Uri("http://127.0.0.1:1/");
        var threshold = Assert.Throws<OptionsValidationException>(() => NewPool([url], new RpcPoolOptions { BreakerFailureThreshold = 1 }));
        Assert.Equal(["RpcPool:BreakerFailureThreshold: 1 must be at least 2."], threshold.Failures);
        var duplicate = Assert.Throws<ArgumentException>(() => NewPool([url, url], new RpcPoolOptions()));
        Assert.Contains("#0 and #1", duplicate.Message);
        Assert.Throws<ArgumentException>(() => NewPool([], new RpcPoolOptions()));
    }

    [Fact]
    public async Task Breaker_opens_after_five_consecutive_faults_and_closes_after_the_break()
    {
        var time = new ManualClock();
        await using var endpoint = await RpcTestEndpoint.StartAsync(Responders.Text(500, "boom"));
        // A lone endpoint is normally tried again within seconds (see below); here the full break is what is tested.
        var pool = NewPool([endpoint.Url], new RpcPoolOptions { MaxRetryAttempts = 0, LastResortTrialInterval = TimeSpan.FromSeconds(60) }, time);
        var opened = new List<RpcCircuitEvent>();
        var closed = new List<RpcCircuitEvent>();
        pool.CircuitOpened += (_, e) => opened.Add(e);
        pool.CircuitClosed += (_, e) => closed.Add(e);

        for (var i = 1; i <= 4; i++)
        {
            var error = await Assert.ThrowsAsync<RpcPoolUnavailableException>(() => pool.GetBlockNumberAsync());
            Assert.True(error.EndpointsWereTried);
            Assert.Equal(CircuitState.Closed, pool.GetHealth()[0].Circuit);
            Assert.Equal(i, pool.GetHealth()[0].ConsecutiveFailures);
        }
        await Assert.ThrowsAsync<RpcPoolUnavailableException>(() => pool.GetBlockNumberAsync());

        var health = pool.GetHealth()[0];
        Assert.Equal(CircuitState.Open, health.Circuit);
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromSeconds(60), health.OpenUntil);
        Assert.False(health.Available);
        Assert.Contains("HTTP 500", health.LastError);
        Assert.Equal(5, endpoint.Requests);
        Assert.Equal(0, Assert.Single(opened).EndpointIndex);

        // Open: rejected without a request, even just before the break ends.
        time.Advance(TimeSpan.FromSeconds(59));
        var fast = await Assert.ThrowsAsync<RpcPoolUnavailableException>(() => pool.GetBlockNumberAsync());
        Assert.False(fast.EndpointsWereTried);
        Assert.Equal(5, endpoint.Requests);

        // After the break one trial call goes through; it succeeds, so the circuit closes.
        endpoint.Behavior = Responders.FakeChain(ChainId, head: 77);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(77UL, await pool.GetBlockNumberAsync());
        Assert.Equal(CircuitState.Closed, pool.GetHealth()[0].Circuit);
        Assert.Equal(0, pool.GetHealth()[0].ConsecutiveFailures);
        Assert.Single(closed);
    }

    [Fact]
    public async Task A_lone_open_endpoint_is_tried_again_within_seconds_and_closes_when_it_answers()
    {
        var time = new ManualClock();
        await using var endpoint = await RpcTestEndpoint.StartAsync(Responders.Text(503, "node down"));
        var pool = NewPool([endpoint.Url], new RpcPoolOptions { MaxRetryAttempts = 0 }, time);
        var closed = new List<RpcCircuitEvent>();
        pool.CircuitClosed += (_, e) => closed.Add(e);
        for (var i = 0; i < 5; i++) await Assert.ThrowsAsync<RpcPoolUnavailableException>(() => pool.GetBlockNumberAsync());
        Assert.Equal(CircuitState.Open, pool.GetHealth()[0].Circuit);

        // Within the trial interval the open circuit rejects without a request.
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False((await Assert.ThrowsAsync<RpcPoolUnavailableException>(() => pool.GetBlockNumberAsync())).EndpointsWereTried);
        Assert.Equal(5, endpoint.Requests);

        // 2 s after the last fault one trial goes to the node; it still fails, so the circuit stays open and the next trial waits again.
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await Assert.ThrowsAsync<RpcPoolUnavailableException>(() => pool.GetBlockNumberAsync())).EndpointsWereTried);
        Assert.Equal(6, endpoint.Requests);
        Assert.False((await Assert.ThrowsAsync<RpcPoolUnavailableException>(() => pool.GetBlockNumberAsync())).EndpointsWereTried);
        Assert.Equal(6, endpoint.Requests);

        // The node is back: the next trial (seconds, not the 60 s break, later) is answered and closes the circuit.
        endpoint.Behavior = Responders.FakeChain(ChainId, head: 88);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(88UL, await pool.GetBlockNumberAsync());
        var health = pool.GetHealth()[0];
        Assert.Equal(CircuitState.Closed, health.Circuit);
        Assert.True(health.Healthy);
        Assert.Single(closed);
        Assert.Equal(88UL, await pool.GetBlockNumberAsync());
    }

    [Fact]
    public async Task An_open_endpoint_with_a_healthy_one_beside_it_waits_out_the_break()
    {
        var time = new ManualClock();
        await using var failing = await RpcTestEndpoint.StartAsync(Responders.Text(503, "node down"));
        await using var healthy = await RpcTestEndpoint.StartAsync(Responders.FakeChain(ChainId, head: 9));
        var pool = NewPool([failing.Url, healthy.Url], new RpcPoolOptions { MaxRetryAttempts = 0, BreakerFailureThreshold = 2 }, time);
        // Faults are ranked last, so open the first endpoint's circuit by probing (a probe asks every endpoint).
        for (var i = 0; i < 2; i++) await pool.ProbeAsync();
        Assert.Equal(CircuitState.Open, pool.GetHealth()[0].Circuit);
        var requests = failing.Requests;

        time.Advance(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 3; i++) Assert.Equal(9UL, await pool.GetBlockNumberAsync());
        Assert.Equal(requests, failing.Requests);
    }

    [Fact]
    public async Task A_probe_asks_an_open_endpoint_directly_and_says_what_the_node_says()
    {
        var time = new ManualClock();
        await using var endpoint = await RpcTestEndpoint.StartAsync(Responders.Text(503, "node down"));
        var pool = NewPool([endpoint.Url], new RpcPoolOptions { MaxRetryAttempts = 0 }, time);
        for (var i = 0; i < 5; i++) await Assert.ThrowsAsync<RpcPoolUnavailableException>(() => pool.GetBlockNumberAsync());

        var down = Assert.Single(await pool.ProbeAsync());
        Assert.False(down.Healthy);
        Assert.Equal(6, endpoint.Requests); // the probe reached the node despite the open circuit

        endpoint.Behavior = Responders.FakeChain(ChainId, head: 31);
        var up = Assert.Single(await pool.ProbeAsync());
        Assert.True(up.Healthy, up.LastError);
        Assert.Equal(CircuitState.Closed, up.Circuit);
        Assert.Equal(31UL, up.HeadBlock);
    }

    [Fact]
    public async Task An_answer_between_faults_restarts_the_count()
    {
        await using var endpoint = await RpcTestEndpoint.StartAsync(Responders.Text(502, "bad gateway"));
        var pool = NewPool([endpoint.Url], new RpcPoolOptions { MaxRetryAttempts = 0 });

        for (var i = 0; i < 4; i++) await Assert.ThrowsAsync<RpcPoolUnavailableException>(() => pool.GetBlockNumberAsync());
        endpoint.Behavior = Responders.FakeChain(ChainId, head: 5);
        Assert.Equal(5UL, await pool.GetBlockNumberAsync());
        endpoint.Behavior = Responders.Text(502, "bad gateway");
        for (var i = 0; i < 4; i++) await Assert.ThrowsAsync<RpcPoolUnavailableException>(() => pool.GetBlockNumberAsync());

        Assert.Equal(CircuitState.Closed, pool.GetHealth()[0].Circuit);
        await Assert.ThrowsAsync<RpcPoolUnavailableException>(() => pool.GetBlockNumberAsync());
        Assert.Equal(CircuitState.Open, pool.GetHealth()[0].Circuit);
    }

    [Fact]
    public async Task Rounds_are_retried_after_1_2_4_and_8_seconds()
    {
        var time = new ManualClock();
        await using var endpoint = await RpcTestEndpoint.StartAsync(Responders.Text(503, "busy"));
        var pool = NewPool([endpoint.Url], new RpcPoolOptions { BreakerFailureThreshold = 10 }, time);

        var call = pool.GetBlockNumberAsync();
        await WaitUntil(() => endpoint.Requests == 1);
        var expected = 1;
        foreach (var seconds in new[] { 1, 2, 4, 8 })
        {
            var delay = TimeSpan.FromSeconds(seconds);
            await WaitUntil(() => time.HasTimerDueIn(delay));
            time.Advance(delay - TimeSpan.FromMilliseconds(1));
            await Task.Delay(50);
            Assert.Equal(expected, endpoint.Requests);
            time.Advance(TimeSpan.FromMilliseconds(1));
            expected++;
            await WaitUntil(() => endpoint.Requests == expected);
        }

        var error = await Assert.ThrowsAsync<RpcPoolUnavailableException>(() => call);
        Assert.True(error.EndpointsWereTried);
        Assert.Equal(5, endpoint.Requests);
    }

    [Fact]
    public async Task A_dead_pool_fails_fast_listing_every_endpoint()
    {
        await using var failing = await RpcTestEndpoint.StartAsync(Responders.Text(500, "boom"));
        var refused = RpcTestEndpoint.ClosedPort();
        var pool = NewPool([refused, failing.Url], new RpcPoolOptions { BreakerFailureThreshold = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(100) });

        // Round 1 and its retry fail on both endpoints, which opens both circuits; the next retry finds nothing to try.
        var first = await Assert.ThrowsAsync<RpcPoolUnavailableException>(() => pool.GetBlockNumberAsync());
        Assert.False(first.EndpointsWereTried);
        Assert.All(pool.GetHealth(), h => Assert.Equal(CircuitState.Open, h.Circuit));
        var requests = failing.Requests;

        // Fails fast: no request is sent, and with no endpoint tried the pool's retry (which waits) does not apply.
        var error = await Assert.ThrowsAsync<RpcPoolUnavailableException>(() => pool.GetBlockNumberAsync());
        Assert.False(error.EndpointsWereTried);
        Assert.Equal(requests, failing.Requests);
        Assert.Contains("every circuit is open", error.Message);
        Assert.Contains($"#0 {refused}: circuit Open", error.Message);
        Assert.Contains($"#1 {failing.Url}: circuit Open", error.Message);
        Assert.Contains("HTTP 500", error.Message);
        Assert.Contains("request to", error.Message);
        Assert.Equal(2, error.Endpoints.Count);
    }

    [Fact]
    public async Task A_probe_finds_the_lagging_endpoint_and_calls_avoid_it()
    {
        await using var behind = await RpcTestEndpoint.StartAsync(Responders.FakeChain(ChainId, head: 950));
        await using var ahead = await RpcTestEndpoint.StartAsync(Responders.FakeChain(ChainId, head: 1000));
        var pool = NewPool([behind.Url, ahead.Url], new RpcPoolOptions { MaxLagBlocks = 10 });

        var health = await pool.ProbeAsync();

        Assert.True(health[0].Lagging);
        Assert.Equal(50UL, health[0].LagBlocks);
        Assert.Equal(950UL, health[0].HeadBlock);
        Assert.False(health[0].Available);
        Assert.Equal(1, health[0].ConsecutiveFailures);
        Assert.Contains("50 blocks behind the best head 1000", health[0].LastError);
        Assert.Equal(0UL, health[1].LagBlocks);
        Assert.True(health[1].Available);
        Assert.NotNull(health[1].LastLatency);

        var behindRequests = behind.Requests;
        for (var i = 0; i < 3; i++) Assert.Equal(1000UL, await pool.GetBlockNumberAsync());
        Assert.Equal(behindRequests, behind.Requests);

        // Caught up: the next probe clears it.
        behind.Behavior = Responders.FakeChain(ChainId, head: 995);
        health = await pool.ProbeAsync();
        Assert.False(health[0].Lagging);
        Assert.True(health[0].Available);
        Assert.Equal(5UL, health[0].LagBlocks);
    }

    [Fact]
    public async Task After_a_probe_the_faster_endpoint_is_preferred_over_configured_order()
    {
        await using var slow = await RpcTestEndpoint.StartAsync(Responders.Slow(TimeSpan.FromMilliseconds(300), Responders.FakeChain(ChainId, head: 40)));
        await using var fast = await RpcTestEndpoint.StartAsync(Responders.FakeChain(ChainId, head: 40));
        var pool = NewPool([slow.Url, fast.Url], new RpcPoolOptions());

        Assert.Equal(40UL, await pool.GetBlockNumberAsync());
        Assert.Equal(0, fast.Requests); // unmeasured: configured order
        var health = await pool.ProbeAsync();
        Assert.True(health[0].AverageLatency > health[1].AverageLatency);

        var slowRequests = slow.Requests;
        for (var i = 0; i < 3; i++) Assert.Equal(40UL, await pool.GetBlockNumberAsync());
        Assert.Equal(slowRequests, slow.Requests);
        Assert.Equal(1 + 3, fast.Requests);
    }

    [Fact]
    public async Task An_endpoint_on_another_chain_is_never_used()
    {
        await using var wrong = await RpcTestEndpoint.StartAsync(Responders.FakeChain(1, head: 20_000_000));
        await using var right = await RpcTestEndpoint.StartAsync(Responders.FakeChain(ChainId, head: 12));
        var pool = NewPool([wrong.Url, right.Url], new RpcPoolOptions { MaxRetryAttempts = 0 });

        Assert.Equal(12UL, await pool.GetBlockNumberAsync());
        Assert.Equal(1, wrong.Requests); // only its eth_chainId
        await pool.ProbeAsync();
        Assert.Equal(12UL, await pool.GetBlockNumberAsync());
        Assert.Equal(1, wrong.Requests);

        var health = pool.GetHealth()[0];
        Assert.True(health.ChainIdMismatch);
        Assert.Equal(1UL, health.ReportedChainId);
        Assert.False(health.Available);
        Assert.Contains("serves chain id 1, expected 31337", health.LastError);
    }

    [Fact]
    public async Task Urls_are_redacted_in_health_and_errors()
    {
        await using var endpoint = await RpcTestEndpoint.StartAsync(Responders.Text(500, "boom"));
        var secret = new Uri($"http://user:pw@127.0.0.1:{endpoint.Url.Port}/v3/SECRET-KEY?token=SECRET2");
        var pool = NewPool([secret], new RpcPoolOptions { MaxRetryAttempts = 0 });

        var error = await Assert.ThrowsAsync<RpcPoolUnavailableException>(() => pool.GetBlockNumberAsync());

        Assert.DoesNotContain("SECRET", error.Message);
        Assert.DoesNotContain("pw", error.Message);
        Assert.Equal($"http://127.0.0.1:{endpoint.Url.Port}/***", pool.GetHealth()[0].Url);
        Assert.DoesNotContain("SECRET", pool.GetHealth()[0].LastError);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(10)) throw new TimeoutException("Condition not reached within 10 s.");
            await Task.Delay(5);
        }
    }
}
