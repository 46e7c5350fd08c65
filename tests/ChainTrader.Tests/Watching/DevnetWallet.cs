using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Evm.Abi;
using Nethereum.ABI.Model;
using ChainTrader.Tests.Contracts;
using ChainTrader.Tests.Infrastructure;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Tests.Watching;

/// <summary>Signs and sends transfers on the devnet, and moves the chain (mine, snapshot, revert, automine) for watcher tests.</summary>
public sealed class DevnetWallet
{
    public static readonly FunctionABI Erc20Transfer = AbiDeclarations.Function("transfer(address to,uint256 amount) returns (bool)");
    private static readonly BigInteger Tip = 1_000_000_000;

    private DevnetWallet(DevnetServer devnet)
    {
        Devnet = devnet;
        Rpc = new JsonRpcClient(new HttpClient { Timeout = TimeSpan.FromSeconds(60) }, devnet.RpcUrl);
        Trader = PrivateKey.FromHex(devnet.Manifest.Account("trader").PrivateKey);
    }

    public DevnetServer Devnet { get; }
    public JsonRpcClient Rpc { get; }
    public PrivateKey Trader { get; }
    public Address Usdc => Address.Parse(Devnet.Manifest.Tokens["USDC"].Address);

    public Address AccountAddress(string name) => Address.Parse(Devnet.Manifest.Account(name).Address);
    public PrivateKey AccountKey(string name) => PrivateKey.FromHex(Devnet.Manifest.Account(name).PrivateKey);

    public static async Task<DevnetWallet> ConnectAsync() => new(await LocalStack.DevnetAsync());

    public async Task<ulong> NextNonceAsync(PrivateKey from) => await Rpc.GetTransactionCountAsync(from.Address.ToLowerHex(), BlockParameter.CreatePending());

    public async Task<RawTransaction> SignAsync(PrivateKey from, Address to, BigInteger value, byte[]? data = null, ulong? nonce = null, ulong gas = 100_000)
    {
        var baseFee = (await Rpc.GetBlockByNumberAsync(BlockParameter.CreateLatest()))!.BaseFeePerGas?.Value ?? 1_000_000_000;
        return from.Sign(new Nethereum.Model.Transaction1559(Devnet.Manifest.ChainId, nonce ?? await NextNonceAsync(from), Tip, 3 * baseFee + Tip, gas,
            to.ToLowerHex(), value, Hex.Encode(data ?? []), []));
    }

    public static byte[] TokenTransferData(Address to, BigInteger units) => Erc20Transfer.EncodeCall(to.ToLowerHex(), units);

    /// <summary>Sends a signed transaction; with automine on it is mined before this returns.</summary>
    public async Task<string> SendAsync(RawTransaction signed) => await Rpc.SendRawTransactionAsync(signed.ToRawBytes());

    public async Task<string> SendEthAsync(PrivateKey from, Address to, BigInteger wei) => await SendAsync(await SignAsync(from, to, wei));

    public async Task<string> SendTokenAsync(PrivateKey from, Address token, Address to, BigInteger units) =>
        await SendAsync(await SignAsync(from, token, 0, TokenTransferData(to, units)));

    public async Task<ulong> HeadAsync() => await Rpc.GetBlockNumberAsync();

    /// <summary>
    /// Mines blocks one evm_mine each (in one batch). Not hardhat_mine: beyond its first two blocks it only "reserves" blocks,
    /// and those report parentHash 0x00…00 (checked against this devnet), which a scanner rightly refuses as a broken chain.
    /// </summary>
    public async Task MineAsync(int blocks)
    {
        if (blocks <= 0) return;
        var batch = Rpc.CreateBatch();
        var mined = Enumerable.Range(0, blocks).Select(_ => batch.Add(RpcCalls.Raw("evm_mine"))).ToList();
        await batch.SendAsync();
        foreach (var item in mined) _ = item.Result;
    }

    public Task<string> SnapshotAsync() => DevnetSnapshots.TakeAsync(Rpc);

    public Task RevertAsync(string snapshot) => DevnetSnapshots.RevertAsync(Rpc, snapshot);

    public async Task SetAutomineAsync(bool on) => await Rpc.CallAsync(RpcCalls.Raw("evm_setAutomine", JsonValue.Create(on)));

    public static BigInteger Units(string amount, int decimals) =>
        BigInteger.Parse(decimal.Parse(amount, CultureInfo.InvariantCulture).ToString("F" + decimals, CultureInfo.InvariantCulture).Replace(".", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
}
