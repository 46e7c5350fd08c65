using System.Text.Json.Nodes;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Transactions;
using ChainTrader.Core.Evm;
using ChainTrader.Application.Configuration;
using ChainTrader.Tests.Infrastructure;
using ChainTrader.Tests.Rpc;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Tests.Contracts;

/// <summary>The shared Hardhat devnet with the product's clients: RPC (with an HTTP request counter), fees, gas, nonces, sender.</summary>
public sealed class DevnetChain
{
    private DevnetChain(DevnetServer devnet, CountingHandler counter)
    {
        Devnet = devnet;
        Counter = counter;
        Rpc = new JsonRpcClient(new HttpClient(counter), devnet.RpcUrl);
        Fees = new FeeEstimator(Rpc, Options.Create(new FeeEstimatorOptions()));
        Gas = new GasEstimator(Rpc, Options.Create(new GasEstimatorOptions()));
        Nonces = new NonceManager(ChainId, Rpc, new InMemoryNonceStore(), TimeProvider.System, Options.Create(new NonceManagerOptions()), NullLogger<NonceManager>.Instance);
        Sender = new TransactionSender(ChainId, Fees, Gas, Nonces, NullLogger<TransactionSender>.Instance);
    }

    public const ulong ChainId = 31337;

    public DevnetServer Devnet { get; }
    public DevnetManifest Manifest => Devnet.Manifest;
    public CountingHandler Counter { get; }
    public JsonRpcClient Rpc { get; }
    public FeeEstimator Fees { get; }
    public GasEstimator Gas { get; }
    public NonceManager Nonces { get; }
    public TransactionSender Sender { get; }

    public static async Task<DevnetChain> ConnectAsync() => new(await LocalStack.DevnetAsync(), new CountingHandler());

    public PrivateKey Key(string account) => PrivateKey.FromHex(Manifest.Account(account).PrivateKey);
    public Address Token(string symbol) => Address.Parse(Manifest.Tokens[symbol].Address);
    public Address Feed(string name) => Address.Parse(Manifest.Feeds[name].Address);
    public Address Router => Address.Parse(Manifest.Contracts.Router);

    /// <summary>Prepares with the product's sender, marks the nonce signed, broadcasts, and waits for the receipt.</summary>
    public async Task<TransactionReceipt> SendAsync(ContractCall call, PrivateKey signer)
    {
        var prepared = await Sender.PrepareAsync(call, signer);
        await Nonces.MarkSignedAsync(prepared.Lease, prepared.Hash);
        var broadcast = await TransactionSender.BroadcastAsync(prepared.RawTransaction, [Rpc]);
        Assert.True(broadcast.IsInPool, $"broadcast of {call}: {broadcast.Outcome} {string.Join("; ", broadcast.Endpoints.Select(e => e.Message))}");
        return await ReceiptAsync(prepared.Hash);
    }

    public async Task<TransactionReceipt> ReceiptAsync(string hash)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await Rpc.GetTransactionReceiptAsync(hash) is { } receipt) return receipt;
            await Task.Delay(100);
        }
        throw new TimeoutException($"No receipt for {hash} after 10 s.");
    }

    public async Task<DateTimeOffset> ChainTimeAsync() => (await Rpc.GetBlockByNumberAsync(BlockParameter.CreateLatest()))!.Time();

    /// <summary>Runs <paramref name="body"/> inside evm_snapshot/evm_revert so other tests never see its state.</summary>
    public async Task InSnapshotAsync(Func<Task> body)
    {
        var snapshot = await DevnetSnapshots.TakeAsync(Rpc);
        try
        {
            await body();
        }
        finally
        {
            await Rpc.CallAsync(RpcCalls.Raw("evm_setAutomine", JsonValue.Create(true)));
            await DevnetSnapshots.RevertAsync(Rpc, snapshot);
        }
    }
}
