using System.Text.Json.Nodes;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Transactions;
using ChainTrader.Core.Evm;
using ChainTrader.Tests.Contracts;
using ChainTrader.Tests.Infrastructure;
using ChainTrader.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Tests.Transactions;

/// <summary>
/// Nonces against the Hardhat devnet (the chain's counts) with the in-memory store and the Table store on Azurite:
/// concurrent workers get distinct gapless nonces, resync follows the chain, and the store refuses stale writers.
/// </summary>
[Collection(DevnetCollection.Name)]
public sealed class NonceManagerTests
{
    private static NonceManager Manager(DevnetChain chain, INonceStore store, TimeProvider? time = null) =>
        new(DevnetChain.ChainId, chain.Rpc, store, time ?? TimeProvider.System, Options.Create(new NonceManagerOptions()), NullLogger<NonceManager>.Instance);

    private static async Task<TableNonceStore> TableStoreAsync()
    {
        var table = (await AzuriteTables.ServiceAsync()).GetTable(AzuriteTables.UniqueName("nonces"));
        await table.CreateIfNotExistsAsync();
        return new TableNonceStore(table);
    }

    public static TheoryData<string> Stores => ["memory", "table"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Concurrent_workers_get_distinct_gapless_nonces(string storeKind)
    {
        var chain = await DevnetChain.ConnectAsync();
        INonceStore store = storeKind == "table" ? await TableStoreAsync() : new InMemoryNonceStore();
        // Three workers (separate managers, as in separate processes) share one store; a fresh key starts at nonce 0.
        var signer = PrivateKey.FromBytes(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).Address;
        var workers = Enumerable.Range(0, 3).Select(_ => Manager(chain, store)).ToList();
        var leases = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => workers[i % 3].AcquireAsync(signer)));
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (ulong)i), leases.Select(l => l.Nonce).Order());

        // A handed-back nonce is the next one handed out, so no gap is left behind.
        await workers[0].ReleaseAsync(leases.Single(l => l.Nonce == 7));
        Assert.Equal(7UL, (await workers[1].AcquireAsync(signer)).Nonce);
        Assert.Equal(30UL, (await workers[2].AcquireAsync(signer)).Nonce);
        await workers[0].MarkSignedAsync(leases.Single(l => l.Nonce == 3), "0x" + new string('a', 64));
        await Assert.ThrowsAsync<InvalidOperationException>(() => workers[1].ReleaseAsync(leases.Single(l => l.Nonce == 3)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Resync_follows_the_chain_reclaims_abandoned_nonces_and_reports_unbroadcast_ones(string storeKind)
    {
        var chain = await DevnetChain.ConnectAsync();
        INonceStore store = storeKind == "table" ? await TableStoreAsync() : new InMemoryNonceStore();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var alice = chain.Key("alice");
        var bob = Address.Parse(chain.Manifest.Account("bob").Address);
        var nonces = Manager(chain, store, clock);
        var fees = await chain.Fees.EstimateAsync();
        RawTransaction Sign(ulong nonce) => alice.Sign(TransactionSender.Build(DevnetChain.ChainId, new ContractCall(bob, [], 1000), nonce, 21_000, fees));

        await chain.InSnapshotAsync(async () =>
        {
            var first = await nonces.AcquireAsync(alice.Address);
            var second = await nonces.AcquireAsync(alice.Address);
            var third = await nonces.AcquireAsync(alice.Address);
            Assert.Equal([first.Nonce + 1, first.Nonce + 2], new[] { second.Nonce, third.Nonce });

            var sent = Sign(first.Nonce);
            await nonces.MarkSignedAsync(first, sent.HashHex);
            Assert.True((await TransactionSender.BroadcastAsync(sent.ToRawBytes(), [chain.Rpc])).IsInPool);
            var stored = Sign(second.Nonce); // signed and stored, but the worker died before broadcasting
            await nonces.MarkSignedAsync(second, stored.HashHex);
            clock.Advance(TimeSpan.FromMinutes(11)); // the third was reserved and never signed

            var resync = await nonces.ResyncAsync(alice.Address);
            Assert.Equal(first.Nonce + 1, resync.PendingCount);
            Assert.Equal([third.Nonce], resync.Reclaimed);
            Assert.Equal(stored.HashHex, Assert.Single(resync.AwaitingBroadcast).TransactionHash);
            Assert.Null(resync.JumpedFrom);
            Assert.Equal(third.Nonce, resync.NextNonce);
            var reused = await nonces.AcquireAsync(alice.Address);
            Assert.Equal(third.Nonce, reused.Nonce);

            // Rebroadcasting the stored bytes settles the second; a transaction sent around the manager takes the reused
            // nonce, which resync reports as superseded and skips.
            Assert.True((await TransactionSender.BroadcastAsync(stored.ToRawBytes(), [chain.Rpc])).IsInPool);
            await chain.Rpc.CallAsync(RpcCalls.Raw("eth_sendTransaction", new JsonObject { ["from"] = alice.Address.ToLowerHex(), ["to"] = bob.ToLowerHex(), ["value"] = "0x1" }));
            var after = await nonces.ResyncAsync(alice.Address);
            Assert.Empty(after.AwaitingBroadcast);
            Assert.Equal([reused.Nonce], after.Superseded);
            Assert.Equal(reused.Nonce + 1, after.NextNonce);

            // The chain moves ahead (the key used elsewhere): resync jumps, and the next nonce is the chain's.
            for (var i = 0; i < 2; i++)
                await chain.Rpc.CallAsync(RpcCalls.Raw("eth_sendTransaction", new JsonObject { ["from"] = alice.Address.ToLowerHex(), ["to"] = bob.ToLowerHex(), ["value"] = "0x1" }));
            var jumped = await nonces.ResyncAsync(alice.Address);
            Assert.Equal(reused.Nonce + 1, jumped.JumpedFrom);
            Assert.Equal(reused.Nonce + 3, jumped.NextNonce);
            var next = await nonces.AcquireAsync(alice.Address);
            Assert.Equal(await chain.Rpc.GetTransactionCountAsync(alice.Address.ToLowerHex(), BlockParameter.CreatePending()), next.Nonce);
            var receipt = await chain.SendAsyncWith(nonces, next, Sign(next.Nonce));
            Assert.True(receipt.Succeeded());

            // A resync that finds the chain as stored writes nothing: the stored version stays.
            var settled = await nonces.ResyncAsync(alice.Address);
            var version = (await store.GetAsync(DevnetChain.ChainId, alice.Address))!.ETag;
            var again = await nonces.ResyncAsync(alice.Address);
            Assert.Equal(settled.State.NextNonce, again.State.NextNonce);
            Assert.Equal(settled.State.Outstanding, again.State.Outstanding);
            Assert.Equal(version, (await store.GetAsync(DevnetChain.ChainId, alice.Address))!.ETag);
        });
    }

    [Fact]
    public async Task Table_store_refuses_a_writer_with_a_stale_etag_and_a_second_creator()
    {
        var store = await TableStoreAsync();
        var signer = PrivateKey.FromBytes(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).Address;
        var created = await store.SaveAsync(1, signer, new NonceState(5, []), null);
        await Assert.ThrowsAsync<NonceStoreConflictException>(() => store.SaveAsync(1, signer, new NonceState(9, []), null));

        var a = (await store.GetAsync(1, signer))!;
        var b = (await store.GetAsync(1, signer))!;
        Assert.Equal(created, a.ETag);
        var entry = new NonceEntry(5, NonceEntryStatus.Reserved, DateTimeOffset.UnixEpoch.AddDays(20_000), null);
        await store.SaveAsync(1, signer, new NonceState(6, [entry]), a.ETag);
        await Assert.ThrowsAsync<NonceStoreConflictException>(() => store.SaveAsync(1, signer, new NonceState(6, []), b.ETag));

        var stored = (await store.GetAsync(1, signer))!;
        Assert.Equal(6UL, stored.State.NextNonce);
        Assert.Equal(entry, Assert.Single(stored.State.Outstanding));
        Assert.Null(await store.GetAsync(2, signer)); // chains are kept apart
    }
}
