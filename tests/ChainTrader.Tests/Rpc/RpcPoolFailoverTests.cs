using ChainTrader.Adapters.Rpc;
using ChainTrader.Core;
using ChainTrader.Tests.Infrastructure;
using Nethereum.RPC.Eth.DTOs;
using Polly.CircuitBreaker;

namespace ChainTrader.Tests.Rpc;

/// <summary>The pool in front of the real Hardhat node, reached through healthy and misbehaving loopback proxies.</summary>
[Collection(DevnetCollection.Name)]
public sealed class RpcPoolFailoverTests
{
    [Fact]
    public async Task Calls_succeed_while_one_endpoint_is_healthy()
    {
        var devnet = await LocalStack.DevnetAsync();
        var node = devnet.RpcUrl;
        await using var garbage = await RpcTestEndpoint.StartAsync(Responders.Garbage());
        await using var error500 = await RpcTestEndpoint.StartAsync(Responders.Text(500, "internal server error"));
        await using var limited = await RpcTestEndpoint.StartAsync(Responders.Text(429, "too many requests"));
        await using var wrongChain = await RpcTestEndpoint.StartAsync(Responders.WrongChain(node, chainId: 1));
        await using var slow = await RpcTestEndpoint.StartAsync(Responders.Slow(TimeSpan.FromSeconds(20), Responders.Forward(node)));
        await using var healthy = await RpcTestEndpoint.StartAsync(Responders.Forward(node));
        var refused = RpcTestEndpoint.ClosedPort();
        var pool = RpcPoolTests.NewPool(
            [refused, garbage.Url, error500.Url, limited.Url, wrongChain.Url, slow.Url, healthy.Url],
            // The timeout must separate the 20 s endpoint from a healthy one on a loaded CI machine, where a proxied
            // Hardhat call can take over half a second.
            new RpcPoolOptions { RequestTimeout = TimeSpan.FromSeconds(3), MaxRetryAttempts = 0 });
        var direct = new JsonRpcClient(new HttpClient(), node);

        // Other tests share the node and mine blocks, so compare history rather than the head.
        var firstBlock = (await direct.GetBlockByNumberAsync(new BlockParameter(1)))!.BlockHash;
        for (var i = 0; i < 3; i++)
            Assert.Equal(firstBlock, (await pool.GetBlockByNumberAsync(new BlockParameter(1)))!.BlockHash);
        Assert.Equal(31337UL, await pool.GetChainIdAsync());

        var health = pool.GetHealth();
        Assert.Contains("request to", health[0].LastError);
        Assert.Contains("not valid JSON-RPC", health[1].LastError);
        Assert.Contains("HTTP 500", health[2].LastError);
        Assert.Contains("HTTP 429", health[3].LastError);
        Assert.True(health[4].ChainIdMismatch);
        Assert.Equal(1UL, health[4].ReportedChainId);
        Assert.Contains("no answer within", health[5].LastError);
        Assert.All(health.Take(6), h =>
        {
            Assert.Equal(1, h.ConsecutiveFailures); // once faulted, each is ranked behind the healthy endpoint
            Assert.Equal(CircuitState.Closed, h.Circuit);
        });
        Assert.Equal(0, health[6].ConsecutiveFailures);
        Assert.True(health[6].Available);
        Assert.NotNull(health[6].AverageLatency);
        Assert.Equal(1, garbage.Requests);
        Assert.Equal(5, healthy.Requests); // its chain id check, then the four calls
    }

    [Fact]
    public async Task A_revert_is_returned_with_its_data_and_not_failed_over()
    {
        var devnet = await LocalStack.DevnetAsync();
        await using var first = await RpcTestEndpoint.StartAsync(Responders.Forward(devnet.RpcUrl));
        await using var second = await RpcTestEndpoint.StartAsync(Responders.Forward(devnet.RpcUrl));
        var pool = RpcPoolTests.NewPool([first.Url, second.Url], new RpcPoolOptions());
        var quoteZero = new CallInput { To = devnet.Manifest.Contracts.Router, Data = Hex.Encode(HardhatRpcTests.Quote(0, 1, 1)) };

        var revert = await Assert.ThrowsAsync<JsonRpcErrorException>(() => pool.CallAsync(quoteZero, BlockParameter.CreateLatest()));
        var estimate = await Assert.ThrowsAsync<JsonRpcErrorException>(() => pool.EstimateGasAsync(quoteZero));

        Assert.Contains("INSUFFICIENT_AMOUNT", revert.RpcMessage);
        Assert.Equal("0x08c379a0", ChainTrader.Core.Hex.Encode(revert.RevertData.AsSpan(0, 4)));
        Assert.Contains("INSUFFICIENT_AMOUNT", estimate.RpcMessage);
        Assert.Equal(3, first.Requests); // chain id check, eth_call, eth_estimateGas
        Assert.Equal(0, second.Requests);
        Assert.All(pool.GetHealth(), h =>
        {
            Assert.Equal(0, h.ConsecutiveFailures);
            Assert.Null(h.LastError);
            Assert.Equal(CircuitState.Closed, h.Circuit);
        });
    }

    [Fact]
    public async Task A_probe_of_the_node_and_a_lagging_proxy_measures_heads_and_lag()
    {
        var devnet = await LocalStack.DevnetAsync();
        var head = await new JsonRpcClient(new HttpClient(), devnet.RpcUrl).GetBlockNumberAsync();
        Assert.True(head > 20, $"the deployment should have mined more than 20 blocks, head is {head}");
        await using var healthy = await RpcTestEndpoint.StartAsync(Responders.Forward(devnet.RpcUrl));
        await using var lagging = await RpcTestEndpoint.StartAsync(Responders.Lagging(devnet.RpcUrl, blocks: 12));
        var pool = RpcPoolTests.NewPool([lagging.Url, healthy.Url], new RpcPoolOptions { MaxLagBlocks = 10 });

        var health = await pool.ProbeAsync();

        Assert.Equal(1, healthy.Requests); // chain id and head in one batch
        Assert.Equal(1, lagging.Requests);
        Assert.NotNull(health[1].HeadBlock);
        Assert.Equal(0UL, health[1].LagBlocks);
        Assert.True(health[0].Lagging);
        Assert.False(health[0].Available);
        // 12 behind; a block mined by a concurrent test between the two probe requests can shift it by one.
        Assert.InRange(health[0].LagBlocks!.Value, 11UL, 13UL);
        Assert.Equal(health[1].HeadBlock - health[0].LagBlocks, health[0].HeadBlock);
    }
}
