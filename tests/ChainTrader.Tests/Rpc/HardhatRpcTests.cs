using System.Diagnostics;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core;
using ChainTrader.Tests.Contracts;
using ChainTrader.Tests.Infrastructure;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Util;

namespace ChainTrader.Tests.Rpc;

/// <summary>Every typed call against the real Hardhat devnet and the contracts its manifest lists.</summary>
[Collection(DevnetCollection.Name)]
public sealed class HardhatRpcTests
{
    private static readonly string DepositTopic = Hex.Encode(Sha3Keccack.Current.CalculateHashAsBytes("Deposit(address,uint256)"));
    private static readonly BigInteger OneEther = BigInteger.Pow(10, 18);

    private static async Task<(DevnetServer Devnet, JsonRpcClient Client, CountingHandler Counter)> ConnectAsync()
    {
        var devnet = await LocalStack.DevnetAsync();
        var counter = new CountingHandler();
        return (devnet, new JsonRpcClient(new HttpClient(counter), devnet.RpcUrl), counter);
    }

    [Fact]
    public async Task Chain_id_head_and_blocks_by_number_hash_and_tag()
    {
        var (_, rpc, _) = await ConnectAsync();

        Assert.Equal(31337UL, await rpc.GetChainIdAsync());
        var head = await rpc.GetBlockNumberAsync();
        Assert.True(head > 0, "the deployment mined blocks");

        var latest = (await rpc.GetBlockByNumberAsync(BlockParameter.CreateLatest()))!;
        Assert.True(latest.Height() >= head);
        var byNumber = (await rpc.GetBlockWithTransactionsByNumberAsync(new BlockParameter(head)))!;
        var byHash = (await rpc.GetBlockByHashAsync(byNumber.BlockHash))!;
        Assert.Equal(byNumber.BlockHash, byHash.BlockHash);
        Assert.Equal(head, byHash.Height());
        Assert.NotEmpty(byNumber.Transactions);
        Assert.Equal(byHash.TransactionHashes, byNumber.Transactions.Select(t => t.TransactionHash));
        Assert.Equal(byNumber.BlockHash, byNumber.Transactions[0].BlockHash);
        Assert.NotNull(byNumber.BaseFeePerGas);
        Assert.True(byNumber.Time() > DateTimeOffset.UnixEpoch);

        var parent = (await rpc.GetBlockByHashAsync(byNumber.ParentHash))!;
        Assert.Equal(head - 1, parent.Height());

        Assert.Equal(0UL, (await rpc.GetBlockByNumberAsync(BlockParameter.CreateEarliest()))!.Height());
        Assert.NotNull(await rpc.GetBlockByNumberAsync(Named(BlockParameter.BlockParameterType.safe)));
        Assert.NotNull(await rpc.GetBlockByNumberAsync(Named(BlockParameter.BlockParameterType.finalized)));
        Assert.Null(await rpc.GetBlockByNumberAsync(new BlockParameter(head + 1000)));
        Assert.Null(await rpc.GetBlockByHashAsync("0x" + new string('1', 64)));
    }

    [Fact]
    public async Task Balances_nonces_and_fees()
    {
        var (devnet, rpc, _) = await ConnectAsync();
        var deployer = devnet.Manifest.Account("deployer").Address;

        Assert.True(await rpc.GetBalanceAsync(deployer, BlockParameter.CreateLatest()) > OneEther);
        var latestNonce = await rpc.GetTransactionCountAsync(deployer, BlockParameter.CreateLatest());
        Assert.True(latestNonce > 0, "the deployer sent the deployment");
        Assert.True(await rpc.GetTransactionCountAsync(deployer, BlockParameter.CreatePending()) >= latestNonce);
        Assert.Equal(0UL, await rpc.GetTransactionCountAsync(deployer, BlockParameter.CreateEarliest()));

        Assert.True(await rpc.GetGasPriceAsync() > 0);
        Assert.True(await rpc.GetMaxPriorityFeePerGasAsync() >= 0);

        var before = await rpc.GetBlockNumberAsync();
        var history = await rpc.GetFeeHistoryAsync(4, BlockParameter.CreateLatest(), [25m, 75m]);
        var after = await rpc.GetBlockNumberAsync();
        Assert.Equal(4, history.GasUsedRatio.Length);
        Assert.InRange((ulong)history.OldestBlock.Value + 3, before, after); // the newest block is the head at the time of the call
        Assert.Equal(5, history.BaseFeePerGas.Length);
        Assert.All(history.BaseFeePerGas, fee => Assert.True(fee.Value > 0));
        Assert.Equal(4, history.Reward.Length);
        Assert.All(history.Reward, row => Assert.Equal(2, row.Length));
        Assert.All(history.GasUsedRatio, ratio => Assert.InRange(ratio, 0m, 1m));
    }

    [Fact]
    public async Task Call_estimate_and_revert_on_deployed_contracts()
    {
        var (devnet, rpc, _) = await ConnectAsync();
        var router = devnet.Manifest.Contracts.Router;

        // UniswapV2Router02.quote(amountA, reserveA, reserveB) = amountA * reserveB / reserveA: 3 * 10 / 5 = 6.
        var quoted = await rpc.CallAsync(new CallInput { To = router, Data = Hex.Encode(Quote(3, 5, 10)) }, BlockParameter.CreateLatest());
        Assert.Equal(new BigInteger(6), new BigInteger(quoted, isUnsigned: true, isBigEndian: true));

        // quote with amountA = 0 reverts with Error("UniswapV2Library: INSUFFICIENT_AMOUNT").
        var revert = await Assert.ThrowsAsync<JsonRpcErrorException>(() => rpc.CallAsync(new CallInput { To = router, Data = Hex.Encode(Quote(0, 5, 10)) }, BlockParameter.CreateLatest()));
        Assert.False(revert.IsEndpointFault);
        Assert.Contains("INSUFFICIENT_AMOUNT", revert.RpcMessage);
        Assert.Equal("0x08c379a0", Hex.Encode(revert.RevertData.AsSpan(0, 4)));
        Assert.Contains("UniswapV2Library: INSUFFICIENT_AMOUNT", Encoding.ASCII.GetString(revert.RevertData!));

        var trader = devnet.Manifest.Account("trader").Address;
        var deposit = new CallInput { From = trader, To = devnet.Manifest.Contracts.Weth, Value = new HexBigInteger(OneEther), Data = "0xd0e30db0" };
        var gas = await rpc.EstimateGasAsync(deposit);
        Assert.InRange(gas, 21_001UL, 100_000UL);
        Assert.Equal(gas, await rpc.EstimateGasAsync(deposit, BlockParameter.CreateLatest()));
    }

    [Fact]
    public async Task A_batch_of_several_calls_is_one_http_round_trip()
    {
        var (devnet, rpc, counter) = await ConnectAsync();
        var deployer = devnet.Manifest.Account("deployer").Address;

        var batch = rpc.CreateBatch();
        var chainId = batch.Add(Eth.ChainId());
        var head = batch.Add(Eth.BlockNumber());
        var balance = batch.Add(Eth.GetBalance(deployer, BlockParameter.CreateEarliest()));
        var genesis = batch.Add(Eth.GetBlockByNumber(BlockParameter.CreateEarliest()));
        var revert = batch.Add(Eth.Call(new CallInput { To = devnet.Manifest.Contracts.Router, Data = Hex.Encode(Quote(0, 1, 1)) }, BlockParameter.CreateLatest()));
        var missing = batch.Add(Eth.GetTransactionReceipt("0x" + new string('2', 64)));
        await batch.SendAsync();

        Assert.Equal(1, counter.Requests);
        Assert.Equal(31337UL, chainId.Result);
        Assert.True(head.Result > 0);
        Assert.Equal(await rpc.GetBalanceAsync(deployer, BlockParameter.CreateEarliest()), balance.Result);
        Assert.Equal(0UL, genesis.Result!.Height());
        Assert.Contains("INSUFFICIENT_AMOUNT", Assert.Throws<JsonRpcErrorException>(() => revert.Result).RpcMessage);
        Assert.Null(missing.Result);
    }

    [Fact]
    public async Task Transactions_receipts_and_logs()
    {
        var (devnet, rpc, _) = await ConnectAsync();
        var weth = devnet.Manifest.Contracts.Weth;
        var alice = devnet.Manifest.Account("alice");
        var bob = devnet.Manifest.Account("bob");
        var snapshot = await DevnetSnapshots.TakeAsync(rpc);
        try
        {
            // Hardhat's unlocked account sends one deposit (our signer is not in this branch yet) ...
            var sent = await rpc.CallAsync(RpcCalls.Raw("eth_sendTransaction", new JsonObject
            {
                ["from"] = alice.Address, ["to"] = weth, ["value"] = "0xde0b6b3a7640000", ["data"] = "0xd0e30db0",
            }));
            var hash = sent.GetString()!;
            var receipt = (await rpc.GetTransactionReceiptAsync(hash))!;
            Assert.True(receipt.Succeeded());
            Assert.Equal(hash, receipt.TransactionHash);
            Assert.Equal(alice.Address, receipt.From, ignoreCase: true);
            Assert.Equal(weth, receipt.To, ignoreCase: true);
            Assert.Null(receipt.ContractAddress);
            Assert.True(receipt.GasUsed.Value > 21_000);
            Assert.True(receipt.EffectiveGasPrice.Value > 0);
            Assert.Equal(2, (int)receipt.Type.Value);
            var log = Assert.Single(receipt.Logs);
            Assert.Equal(weth, log.Address, ignoreCase: true);
            Assert.Equal([DepositTopic, "0x000000000000000000000000" + alice.Address[2..].ToLowerInvariant()], log.Topics.Cast<string>());
            Assert.Equal(OneEther, new BigInteger(log.DataBytes(), isUnsigned: true, isBigEndian: true));
            Assert.False(log.Removed);

            var transaction = (await rpc.GetTransactionByHashAsync(hash))!;
            Assert.Equal(alice.Address, transaction.From, ignoreCase: true);
            Assert.Equal(OneEther, transaction.Value.Value);
            Assert.Equal("0xd0e30db0", transaction.Input);
            Assert.Equal(receipt.Height(), (ulong)transaction.BlockNumber.Value);

            var inBlock = new BlockParameter(receipt.BlockNumber);
            var logs = await rpc.GetLogsAsync(new NewFilterInput { FromBlock = inBlock, ToBlock = inBlock, Address = [weth], Topics = [new[] { DepositTopic }] });
            AssertSameLog(log, Assert.Single(logs));
            var bySender = await rpc.GetLogsAsync(new NewFilterInput { FromBlock = inBlock, ToBlock = inBlock, Topics = [null, log.Topic(1)] });
            AssertSameLog(log, Assert.Single(bySender));
            Assert.Empty(await rpc.GetLogsAsync(new NewFilterInput { FromBlock = inBlock, ToBlock = BlockParameter.CreateLatest(), Address = [bob.Address] }));

            // ... and one signed elsewhere (ethers in the devnet kit) goes through eth_sendRawTransaction with our nonce and fees.
            var nonce = await rpc.GetTransactionCountAsync(bob.Address, BlockParameter.CreatePending());
            var fees = await rpc.GetFeeHistoryAsync(1, BlockParameter.CreateLatest(), [50m]);
            var tip = await rpc.GetMaxPriorityFeePerGasAsync();
            var raw = await SignWithEthersAsync(bob.PrivateKey, new JsonObject
            {
                ["type"] = 2, ["chainId"] = 31337, ["nonce"] = nonce, ["to"] = weth, ["value"] = "1000", ["data"] = "0xd0e30db0",
                ["gasLimit"] = "100000", ["maxPriorityFeePerGas"] = tip.ToString(), ["maxFeePerGas"] = (2 * fees.BaseFeePerGas[^1].Value + tip).ToString(),
            });
            var rawHash = await rpc.SendRawTransactionAsync(raw);
            Assert.Equal(Hex.Encode(Sha3Keccack.Current.CalculateHash(raw)), rawHash);
            var rawReceipt = (await rpc.GetTransactionReceiptAsync(rawHash))!;
            Assert.True(rawReceipt.Succeeded());
            Assert.Equal(nonce + 1, await rpc.GetTransactionCountAsync(bob.Address, BlockParameter.CreateLatest()));

            // Replaying it is a JSON-RPC error, not an endpoint fault.
            var replay = await Assert.ThrowsAsync<JsonRpcErrorException>(() => rpc.SendRawTransactionAsync(raw));
            Assert.False(replay.IsEndpointFault);
        }
        finally
        {
            await DevnetSnapshots.RevertAsync(rpc, snapshot);
        }
    }

    private static BlockParameter Named(BlockParameter.BlockParameterType tag)
    {
        var block = new BlockParameter();
        block.SetValue(tag);
        return block;
    }

    /// <summary>Calldata for UniswapV2Router02.quote(uint256,uint256,uint256).</summary>
    internal static byte[] Quote(ulong amountA, ulong reserveA, ulong reserveB)
    {
        var data = new byte[4 + 3 * 32];
        Sha3Keccack.Current.CalculateHashAsBytes("quote(uint256,uint256,uint256)").AsSpan(0, 4).CopyTo(data);
        ulong[] words = [amountA, reserveA, reserveB];
        for (var i = 0; i < words.Length; i++)
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(data.AsSpan(4 + 32 * i + 24, 8), words[i]);
        return data;
    }

    private static async Task<byte[]> SignWithEthersAsync(string privateKey, JsonObject transaction)
    {
        const string script = "const { Wallet } = require('ethers');" +
            "new Wallet(process.argv[1]).signTransaction(JSON.parse(process.argv[2]))" +
            ".then(s => process.stdout.write(s), e => { console.error(e); process.exit(1); });";
        var start = new ProcessStartInfo("node") { WorkingDirectory = RepoPaths.Devnet, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-e", script, privateKey, transaction.ToJsonString() }) start.ArgumentList.Add(argument);
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, $"ethers failed to sign: {await errors}");
        return Hex.Decode(await output);
    }

    private static void AssertSameLog(FilterLog expected, FilterLog actual)
    {
        Assert.Equal(expected.Address, actual.Address);
        Assert.Equal(expected.Topics, actual.Topics);
        Assert.Equal(expected.Data, actual.Data);
        Assert.Equal((expected.Height(), expected.BlockHash, expected.TransactionHash, expected.TransactionIndex.Value, expected.Index(), expected.Removed),
            (actual.Height(), actual.BlockHash, actual.TransactionHash, actual.TransactionIndex.Value, actual.Index(), actual.Removed));
    }
}
