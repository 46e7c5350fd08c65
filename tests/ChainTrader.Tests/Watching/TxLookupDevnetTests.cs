using System.Numerics;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Evm.Abi;
using Nethereum.ABI.Model;
using ChainTrader.Tests.Infrastructure;

namespace ChainTrader.Tests.Watching;

/// <summary>/tx against the devnet: status and confirmations, value and fee, token transfers, a Uniswap V2 swap.</summary>
[Collection(DevnetCollection.Name)]
public sealed class TxLookupDevnetTests
{
    private static readonly FunctionABI Approve = AbiDeclarations.Function("approve(address spender,uint256 amount) returns (bool)");
    private static readonly FunctionABI SwapExactTokensForTokens =
        AbiDeclarations.Function("swapExactTokensForTokens(uint256 amountIn,uint256 amountOutMin,address[] path,address to,uint256 deadline) returns (uint256[])");

    [Fact]
    public async Task Reports_an_eth_transfer_with_confirmations_then_final()
    {
        var wallet = await DevnetWallet.ConnectAsync();
        var snapshot = await wallet.SnapshotAsync();
        try
        {
            await using var harness = await WatcherHarness.StartAsync();
            var tx = await wallet.SendEthAsync(wallet.Trader, wallet.AccountAddress("bob"), DevnetWallet.Units("1.25", 18));
            var receipt = (await wallet.Rpc.GetTransactionReceiptAsync(tx))!;

            var reply = await harness.RunAsync("tx", 1, tx);
            Assert.Contains($"<b>Transaction</b> on devnet\nTx <code>{tx}</code>\n", reply);
            Assert.Contains($"Status: ✅ succeeded in block {receipt.BlockNumber}, 1/3 confirmations (not final yet)", reply);
            Assert.Contains($"From <code>{wallet.Trader.Address}</code> to <code>{wallet.AccountAddress("bob")}</code>", reply);
            Assert.Contains("Value: 1.25 ETH", reply);
            Assert.Contains("Fee: 0.0000", reply);
            Assert.DoesNotContain("Token transfers", reply);

            await wallet.MineAsync(2);
            Assert.Contains($"Status: ✅ succeeded in block {receipt.BlockNumber}, final (3 confirmations)", await harness.RunAsync("tx", 1, tx.ToUpperInvariant().Replace("0X", "0x"), "devnet"));
        }
        finally
        {
            await wallet.RevertAsync(snapshot);
        }
    }

    [Fact]
    public async Task Recognises_a_uniswap_v2_swap_and_lists_its_token_transfers()
    {
        var wallet = await DevnetWallet.ConnectAsync();
        var snapshot = await wallet.SnapshotAsync();
        try
        {
            await using var harness = await WatcherHarness.StartAsync();
            var router = Address.Parse(wallet.Devnet.Manifest.Contracts.Router);
            var weth = Address.Parse(wallet.Devnet.Manifest.Tokens["WETH"].Address);
            var amountIn = DevnetWallet.Units("2500", 6);
            await wallet.SendAsync(await wallet.SignAsync(wallet.Trader, wallet.Usdc, 0, Approve.EncodeCall(router.ToLowerHex(), amountIn)));
            var swap = await wallet.SendAsync(await wallet.SignAsync(wallet.Trader, router, 0,
                SwapExactTokensForTokens.EncodeCall(amountIn, BigInteger.One, new object[] { wallet.Usdc.ToLowerHex(), weth.ToLowerHex() }, wallet.Trader.Address.ToLowerHex(), new BigInteger(1L << 40)), gas: 300_000));

            var reply = await harness.RunAsync("tx", 1, swap);
            Assert.Matches(@"Swap \(Uniswap V2\): sent 2,500 USDC, received 0\.8\d+ WETH\n", reply);
            Assert.Contains("Token transfers:\n• 0x", reply);
            Assert.Contains("sent 2,500 USDC to 0x", reply);
        }
        finally
        {
            await wallet.RevertAsync(snapshot);
        }
    }

    [Fact]
    public async Task Reports_pending_reverted_and_unknown_transactions()
    {
        var wallet = await DevnetWallet.ConnectAsync();
        var snapshot = await wallet.SnapshotAsync();
        try
        {
            await using var harness = await WatcherHarness.StartAsync();
            // Alice holds no USDC: the transfer reverts but is mined (and pays gas).
            var failing = await wallet.SignAsync(wallet.AccountKey("alice"), wallet.Usdc, 0, DevnetWallet.TokenTransferData(wallet.AccountAddress("bob"), 1), gas: 80_000);
            try { await wallet.SendAsync(failing); }
            catch (JsonRpcErrorException) { /* Hardhat reports the revert as an error, after mining the transaction */ }
            Assert.Contains("Status: ❌ reverted in block", await harness.RunAsync("tx", 1, failing.HashHex));

            await wallet.SetAutomineAsync(false);
            var pending = await wallet.SendEthAsync(wallet.Trader, wallet.AccountAddress("bob"), 1);
            var reply = await harness.RunAsync("tx", 1, pending);
            Assert.Contains("Status: ⏳ pending (not in a block yet)", reply);
            Assert.DoesNotContain("Fee", reply);

            Assert.Contains("Not known to the node", await harness.RunAsync("tx", 1, "0x" + new string('4', 64)));
        }
        finally
        {
            await wallet.SetAutomineAsync(true);
            await wallet.RevertAsync(snapshot);
        }
    }
}
