using ChainTrader.Tests.Infrastructure;

namespace ChainTrader.Tests.Watching;

/// <summary>/watch, /unwatch, /watches and /tx argument handling against Azurite: clear replies, and nothing stored on bad input.</summary>
public sealed class WatchCommandsTests
{
    private const string Alice = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private const string Bob = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    private const string Carol = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

    private static Task<WatcherHarness> StartAsync(Dictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        settings ??= [];
        settings.TryAdd("ENABLED_CHAINS", "devnet,ethereum");
        settings.TryAdd("CHAIN_ETHEREUM_RPC_URLS", "http://127.0.0.1:9");
        return WatcherHarness.StartAsync(settings, clock, devnet: false);
    }

    [Theory]
    [InlineData(new string[0], "Which address?")]
    [InlineData(new[] { "0x1234" }, "40 hex digits (20 bytes) after the optional 0x; got 4")]
    [InlineData(new[] { "70997970C51812dc3A010C7d01b50e0d17dc79C8" }, "starts with 0x")]
    [InlineData(new[] { "0x70997970C51812dc3A010C7d01b50e0d17dc79c8" }, "EIP-55 checksum is wrong")]
    [InlineData(new[] { "0x70997970C51812dc3A010C7d01b50e0d17dc79Zz" }, "non-hex character 'Z'")]
    [InlineData(new[] { Alice, "ethereun" }, "Unknown chain \"ethereun\" (did you mean ethereum?)")]
    [InlineData(new[] { Alice, "polygon", "savings" }, "Unknown chain \"polygon\"; enabled: devnet, ethereum")]
    [InlineData(new[] { Alice, "base" }, "Chain \"base\" is not enabled in this deployment; enabled: devnet, ethereum.")]
    [InlineData(new[] { Alice, "devnet", "a-label-that-is-far-too-long-for-a-chat" }, "at most 32 are allowed")]
    [InlineData(new[] { Alice, "devnet", "<b>" }, "may use only letters, digits")]
    [InlineData(new[] { Alice, "devnet", "0xabc" }, "cannot look like an address")]
    public async Task Malformed_watch_requests_get_a_clear_reply_and_store_nothing(string[] args, string expected)
    {
        await using var harness = await StartAsync();
        var reply = await harness.RunAsync("watch", 1, args);
        Assert.Contains(ChainTrader.Core.Telegram.TelegramHtml.Escape(expected), reply);
        Assert.Empty(await harness.Watches.ListForUserAsync(1, CancellationToken.None));
        Assert.Equal(0, await harness.Watches.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Watch_list_relabel_and_unwatch_by_label_or_address()
    {
        await using var harness = await StartAsync(new() { ["WATCH_COMMANDS_PER_MINUTE"] = "100" });
        Assert.Equal("Watching <b>savings</b> <code>" + Alice + "</code> on ethereum. I will tell you here when a transaction or token transfer from or to it " +
                     "is included and again when it is final (12 confirmations).", await harness.RunAsync("watch", 7, Alice.ToLowerInvariant(), "ethereum", "savings"));
        Assert.StartsWith("Watching <code>" + Bob + "</code> on devnet", await harness.RunAsync("watch", 7, Bob));
        Assert.StartsWith("Watching <b>cold wallet</b>", await harness.RunAsync("watch", 7, Carol, "devnet", "cold", "wallet"));
        Assert.Equal("You already watch <code>" + Bob + "</code> on devnet.", await harness.RunAsync("watch", 7, Bob, "devnet"));
        Assert.Contains("already use the label <b>savings</b>", await harness.RunAsync("watch", 7, Bob, "devnet", "Savings"));
        Assert.StartsWith("Updated: you watch <b>hot</b> <code>" + Bob + "</code> on devnet", await harness.RunAsync("watch", 7, Bob, "devnet", "hot"));

        var list = await harness.RunAsync("watches", 7);
        Assert.Equal("<b>Your watches</b> (3 of 20)\n• <b>savings</b> <code>" + Alice + "</code> on ethereum\n• <b>hot</b> <code>" + Bob +
                     "</code> on devnet\n• <b>cold wallet</b> <code>" + Carol + "</code> on devnet", list);
        Assert.Equal("You watch no addresses. Start with /watch ADDRESS [CHAIN] [LABEL].", await harness.RunAsync("watches", 8));

        Assert.Equal("Stopped watching <b>savings</b> <code>" + Alice + "</code> on ethereum.", await harness.RunAsync("unwatch", 7, "SAVINGS"));
        Assert.Equal("Stopped watching <b>cold wallet</b> <code>" + Carol + "</code> on devnet.", await harness.RunAsync("unwatch", 7, "cold", "wallet"));
        Assert.StartsWith("Stopped watching <b>hot</b>", await harness.RunAsync("unwatch", 7, Bob.ToLowerInvariant()));
        Assert.Equal("You do not watch anything labelled <b>savings</b>. See /watches.", await harness.RunAsync("unwatch", 7, "savings"));
        Assert.Contains("EIP-55 checksum is wrong", await harness.RunAsync("unwatch", 7, "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293Bc"));
        Assert.Equal(0, await harness.Watches.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Per_user_and_global_limits_refuse_and_store_nothing()
    {
        await using var harness = await StartAsync(new() { ["WATCH_MAX_PER_USER"] = "2", ["WATCH_MAX_TOTAL"] = "3" });
        await harness.RunAsync("watch", 1, Alice);
        await harness.RunAsync("watch", 1, Bob);
        Assert.Equal("You already watch 2 addresses, the most one user may (2). /unwatch one first (see /watches).", await harness.RunAsync("watch", 1, Carol));
        await harness.RunAsync("watch", 2, Alice);
        Assert.Equal("This bot watches as many addresses as it may (3); try again later.", await harness.RunAsync("watch", 3, Carol));
        Assert.Equal(3, await harness.Watches.CountAsync(CancellationToken.None));
        Assert.Empty(await harness.Watches.ListForUserAsync(3, CancellationToken.None));
    }

    [Fact]
    public async Task Commands_are_rate_limited_per_user()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var harness = await StartAsync(new() { ["WATCH_COMMANDS_PER_MINUTE"] = "3" }, clock);
        for (var i = 0; i < 3; i++) Assert.StartsWith("You watch no addresses", await harness.RunAsync("watches", 5));
        Assert.Equal("Too many commands: at most 3 a minute. Try again in 60 s.", await harness.RunAsync("watches", 5));
        Assert.Equal("Too many commands: at most 3 a minute. Try again in 60 s.", await harness.RunAsync("watch", 5, Alice));
        Assert.StartsWith("You watch no addresses", await harness.RunAsync("watches", 6)); // another user is not affected
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.StartsWith("Watching", await harness.RunAsync("watch", 5, Alice));
    }

    [Theory]
    [InlineData(new string[0], "Usage: /tx HASH [CHAIN]")]
    [InlineData(new[] { "0x1234" }, "not a transaction hash: expected 0x followed by 64 hex digits (got 4 characters after 0x)")]
    [InlineData(new[] { "5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060" }, "no 0x prefix")]
    [InlineData(new[] { "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060", "arbitrum" }, "Chain \"arbitrum\" is not enabled")]
    [InlineData(new[] { "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060", "ethreum" }, "Unknown chain \"ethreum\" (did you mean ethereum?)")]
    public async Task Malformed_tx_requests_get_a_clear_reply(string[] args, string expected)
    {
        await using var harness = await StartAsync();
        Assert.Contains(ChainTrader.Core.Telegram.TelegramHtml.Escape(expected), await harness.RunAsync("tx", 1, args));
    }

    [Fact]
    public async Task Bad_watcher_settings_stop_the_app_with_every_problem_named()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(new() { ["WATCH_MAX_PER_USER"] = "0", ["WATCH_LEASE_S"] = "2", ["WATCH_MAX_BLOCKS_PER_SCAN"] = "5000" }));
        Assert.Contains("WATCH_MAX_PER_USER: 0 is outside 1-1000.", error.Message);
        Assert.Contains("WATCH_LEASE_S: 2 is outside 5-3600.", error.Message);
        Assert.Contains("WATCH_MAX_BLOCKS_PER_SCAN: 5000 is outside 1-1000.", error.Message);
    }
}
