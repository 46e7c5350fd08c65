using ChainTrader.Adapters.Rpc;
using ChainTrader.Tests.Infrastructure;

namespace ChainTrader.Tests.Contracts;

/// <summary>Tests that hold a devnet snapshot for a while must not leave the chain's clock ahead of the wall clock.</summary>
[Collection(DevnetCollection.Name)]
public sealed class DevnetClockTests
{
    private static readonly TimeSpan Held = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task ARevertedSnapshotLeavesTheNextBlockOnTheWallClock()
    {
        var chain = await DevnetChain.ConnectAsync();
        // An empty snapshot first, so the baseline is whatever a revert leaves; then one held for a few seconds.
        await chain.InSnapshotAsync(() => Task.CompletedTask);
        var before = await SkewOfANewBlockAsync(chain);
        var heldSince = DateTimeOffset.UtcNow;
        await chain.InSnapshotAsync(async () =>
        {
            await chain.Rpc.CallAsync(RpcCalls.Raw("evm_mine"));
            // The condition is the wall clock itself: the snapshot must be held for a few whole seconds.
            while (DateTimeOffset.UtcNow - heldSince < Held) await Task.Delay(100);
        });
        var after = await SkewOfANewBlockAsync(chain);

        // Block times are whole seconds, so a second either way is noise; the engine's drift would be the whole hold.
        Assert.True(after - before < TimeSpan.FromSeconds(2),
            $"the chain's clock moved {(after - before).TotalSeconds:F0} s ahead over a snapshot held {Held.TotalSeconds} s");
        Assert.True(after <= TimeSpan.FromSeconds(1), $"a new block is {after.TotalSeconds:F0} s ahead of the wall clock");
    }

    private static async Task<TimeSpan> SkewOfANewBlockAsync(DevnetChain chain)
    {
        await chain.Rpc.CallAsync(RpcCalls.Raw("evm_mine"));
        return await chain.ChainTimeAsync() - DateTimeOffset.UtcNow;
    }
}
