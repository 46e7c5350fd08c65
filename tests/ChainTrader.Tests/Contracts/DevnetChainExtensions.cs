using ChainTrader.Adapters.Transactions;
using ChainTrader.Core.Evm;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Tests.Contracts;

public static class DevnetChainExtensions
{
    /// <summary>Marks a lease signed with the given transaction, broadcasts it and waits for its receipt.</summary>
    public static async Task<TransactionReceipt> SendAsyncWith(this DevnetChain chain, NonceManager nonces, NonceLease lease, RawTransaction signed)
    {
        await nonces.MarkSignedAsync(lease, signed.HashHex);
        Assert.True((await TransactionSender.BroadcastAsync(signed.ToRawBytes(), [chain.Rpc])).IsInPool);
        return await chain.ReceiptAsync(signed.HashHex);
    }
}
