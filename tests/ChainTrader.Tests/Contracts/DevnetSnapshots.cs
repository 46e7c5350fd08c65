using System.Text.Json;
using System.Text.Json.Nodes;
using ChainTrader.Adapters.Rpc;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Tests.Contracts;

/// <summary>
/// evm_snapshot / evm_revert for tests. Hardhat's engine (EDR) moves the chain clock FORWARD by the time a snapshot was
/// held when it is reverted (measured: hold it 10 s, and blocks mined after the revert are 10 s ahead of the wall clock),
/// so over a full suite the devnet's clock drifted past swap deadlines. Every revert here therefore pins the next block's
/// timestamp back to the wall clock (or to the head's, if that is later), which also resets the chain's time offset.
/// </summary>
public static class DevnetSnapshots
{
    public static async Task<string> TakeAsync(IRpcChannel rpc) =>
        (await rpc.CallAsync(RpcCalls.Raw("evm_snapshot"))).GetString() ?? throw new InvalidOperationException("evm_snapshot returned no id.");

    public static async Task RevertAsync(IRpcChannel rpc, string snapshot)
    {
        var reverted = await rpc.CallAsync(RpcCalls.Raw("evm_revert", JsonValue.Create(snapshot)));
        if (reverted.ValueKind != JsonValueKind.True) throw new InvalidOperationException($"evm_revert {snapshot} was refused.");
        var head = await rpc.GetBlockByNumberAsync(BlockParameter.CreateLatest()) ?? throw new InvalidOperationException("The devnet returned no latest block.");
        var next = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), head.Time().ToUnixTimeSeconds());
        await rpc.CallAsync(RpcCalls.Raw("evm_setNextBlockTimestamp", JsonValue.Create(next)));
    }
}
