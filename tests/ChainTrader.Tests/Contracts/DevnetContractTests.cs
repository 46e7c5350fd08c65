using System.Globalization;
using System.Numerics;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Transactions;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Evm.Abi;
using Nethereum.ABI.Model;
using ChainTrader.Tests.Infrastructure;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Tests.Contracts;

/// <summary>
/// Each deployed contract works with our readers and our signed transactions: read every feed in one request, set a
/// feed, quote and swap on the pools (all three swap forms), move tokens with every transaction type, and decode reverts.
/// </summary>
[Collection(DevnetCollection.Name)]
public sealed class DevnetContractTests
{
    private static readonly FunctionABI UpdateAnswer = AbiDeclarations.Function("updateAnswer(int256)");
    private static readonly FunctionABI SetRoundData = AbiDeclarations.Function("setRoundData(uint80,int256,uint256,uint256,uint80)");

    [Fact]
    public async Task All_feeds_are_read_in_one_http_request_and_a_bad_feed_fails_alone()
    {
        var chain = await DevnetChain.ConnectAsync();
        var names = new[] { "ETH/USD", "BTC/USD", "USDC/USD" };
        var notAFeed = Address.Parse(chain.Manifest.Account("alice").Address); // no code: calls return empty data
        var feeds = names.Select(chain.Feed).Append(notAFeed).ToList();

        var before = chain.Counter.Requests;
        var snapshot = await new ChainlinkFeedReader(chain.Rpc).ReadAsync(feeds, includeDescription: true);
        Assert.Equal(1, chain.Counter.Requests - before);

        Assert.True(snapshot.BlockNumber > 0);
        Assert.True(snapshot.LastBlockNumber >= snapshot.BlockNumber);
        foreach (var name in names)
        {
            var read = snapshot[chain.Feed(name)];
            Assert.True(read.Succeeded, read.Error);
            var round = read.Round!;
            Assert.Equal(BigInteger.Parse(chain.Manifest.Feeds[name].Answer, CultureInfo.InvariantCulture), round.Answer);
            Assert.Equal(8, round.Decimals);
            Assert.True(round.IsComplete);
            Assert.True(round.RoundId > 0);
            Assert.True(round.UpdatedAt <= snapshot.BlockTime && round.UpdatedAt > snapshot.BlockTime.AddDays(-1));
            Assert.False(string.IsNullOrWhiteSpace(round.Description));
        }
        Assert.Equal(3000m, snapshot[chain.Feed("ETH/USD")].Round!.Price);
        var bad = snapshot[notAFeed];
        Assert.False(bad.Succeeded);
        Assert.Contains("returned no data", bad.Error);

        // Pinned to a block number, every read is at exactly that block (no closing eth_blockNumber).
        var pinned = await new ChainlinkFeedReader(chain.Rpc).ReadAsync(feeds.Take(3).ToList(), new BlockParameter(snapshot.BlockNumber));
        Assert.True(pinned.SameBlock);
        Assert.Equal(snapshot.BlockNumber, pinned.BlockNumber);
        Assert.Equal(snapshot.Feeds.Take(3).Select(f => f.Round! with { Description = null }), pinned.Feeds.Select(f => f.Round!));
    }

    [Fact]
    public async Task A_feed_set_by_our_signed_transaction_reads_back_including_negative_answers()
    {
        var chain = await DevnetChain.ConnectAsync();
        var feed = chain.Feed("ETH/USD");
        var reader = new ChainlinkFeedReader(chain.Rpc);
        await chain.InSnapshotAsync(async () =>
        {
            var before = (await reader.ReadAsync([feed])).Feeds[0].Round!;
            var receipt = await chain.SendAsync(new ContractCall(feed, UpdateAnswer.EncodeCall(new BigInteger(312_345_678_901))), chain.Key("outsider"));
            Assert.True(receipt.Succeeded());
            var block = (await chain.Rpc.GetBlockByNumberAsync(new BlockParameter(receipt.Height())))!;

            var after = (await reader.ReadAsync([feed])).Feeds[0].Round!;
            Assert.Equal(before.RoundId + 1, after.RoundId);
            Assert.Equal(new BigInteger(312_345_678_901), after.Answer);
            Assert.Equal(3123.45678901m, after.Price);
            Assert.Equal(block.Time(), after.UpdatedAt);
            Assert.True(after.IsComplete);

            // int256 answers below zero, and an incomplete round (answeredInRound < roundId), come through as they are.
            var round = after.RoundId + 5;
            var stale = block.Time().AddHours(-2).ToUnixTimeSeconds();
            Assert.True((await chain.SendAsync(new ContractCall(feed, SetRoundData.EncodeCall(round, new BigInteger(-42), stale, stale, round - 1)), chain.Key("outsider"))).Succeeded());
            var negative = (await reader.ReadAsync([feed])).Feeds[0].Round!;
            Assert.Equal(new BigInteger(-42), negative.Answer);
            Assert.Equal(-0.00000042m, negative.Price);
            Assert.False(negative.IsComplete);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(stale), negative.UpdatedAt);
        });
    }

    [Fact]
    public async Task Quote_approve_exactly_and_swap_on_the_WETH_USDC_pool_moves_exactly_the_decoded_amounts()
    {
        var chain = await DevnetChain.ConnectAsync();
        var trader = chain.Key("trader");
        var usdc = chain.Token("USDC");
        var weth = chain.Token("WETH");
        var router = new UniswapV2Router(chain.Rpc, chain.Router);
        await chain.InSnapshotAsync(async () =>
        {
            var amountIn = new BigInteger(5_000_000_000); // 5,000 USDC
            var path = new[] { usdc, weth };
            var quote = await router.QuoteExactInAsync(amountIn, path);
            var pool = Assert.Single(quote.Pools);
            Assert.Equal(chain.Manifest.Pairs["WETH/USDC"], pool.Pair.ToString(), ignoreCase: true);
            Assert.Equal(UniswapV2Math.GetAmountOut(amountIn, pool.ReserveOf(usdc), pool.ReserveOf(weth)), quote.AmountOut);
            Assert.Equal(quote.Amounts, await router.GetAmountsOutAsync(amountIn, path));
            // $5,000 against $3,000,000 a side: about 0.17 % impact on top of the 0.3 % fee (devnet/README.md).
            Assert.InRange(quote.PriceImpactBps, 15m, 18m);
            Assert.InRange(quote.TotalCostBps, 45m, 48m);
            Assert.InRange(Units.ToDecimal(quote.AmountOut, 18), 1.6m, 1.67m);

            var minOut = quote.MinimumOut(50);
            var deadline = (await chain.ChainTimeAsync()).AddMinutes(5);
            var tokenIn = new Erc20(chain.Rpc, usdc);
            var tokenOut = new Erc20(chain.Rpc, weth);
            var approval = await chain.SendAsync(Erc20.Approve(usdc, chain.Router, amountIn), trader);
            Assert.True(approval.Succeeded());
            Assert.Equal(amountIn, await tokenIn.AllowanceAsync(trader.Address, chain.Router));

            var swap = await chain.SendAsync(UniswapV2Router.SwapExactTokensForTokens(chain.Router, amountIn, minOut, path, trader.Address, deadline), trader);
            Assert.True(swap.Succeeded());
            var fill = UniswapV2Router.Fill(swap.Logs, path, [pool.Pair]);
            Assert.Equal(amountIn, fill.AmountIn);
            Assert.Equal(quote.AmountOut, fill.AmountOut);
            var decoded = Assert.Single(fill.Swaps);
            Assert.Equal(chain.Router, decoded.Sender);
            Assert.Equal(trader.Address, decoded.To);

            var inBefore = await tokenIn.BalanceOfAsync(trader.Address, new BlockParameter(swap.Height() - 1));
            var inAfter = await tokenIn.BalanceOfAsync(trader.Address, new BlockParameter(swap.Height()));
            var outBefore = await tokenOut.BalanceOfAsync(trader.Address, new BlockParameter(swap.Height() - 1));
            var outAfter = await tokenOut.BalanceOfAsync(trader.Address, new BlockParameter(swap.Height()));
            Assert.Equal(fill.AmountIn, inBefore - inAfter);
            Assert.Equal(fill.AmountOut, outAfter - outBefore);
            Assert.Equal(BigInteger.Zero, await tokenIn.AllowanceAsync(trader.Address, chain.Router)); // the exact approval is used up

            var sync = Assert.Single(UniswapV2Pair.Syncs(swap.Logs));
            var reserves = await new UniswapV2Pair(chain.Rpc, pool.Pair).ReadAsync(new BlockParameter(swap.Height()));
            Assert.Equal((reserves.Reserve0, reserves.Reserve1), (sync.Reserve0, sync.Reserve1));
            var transfers = Erc20.Transfers(swap.Logs);
            Assert.Equal(2, transfers.Count);
            Assert.Equal(new Erc20Transfer(usdc, trader.Address, pool.Pair, amountIn, transfers[0].LogIndex), transfers[0]);
            Assert.Equal(new Erc20Transfer(weth, pool.Pair, trader.Address, fill.AmountOut, transfers[1].LogIndex), transfers[1]);

            var holding = await tokenIn.ReadAsync(trader.Address, chain.Router, new BlockParameter(swap.Height()));
            Assert.Equal(("USDC", 6, inAfter, BigInteger.Zero), (holding.Symbol, holding.Decimals, holding.Balance, holding.Allowance!.Value));
        });
    }

    [Fact]
    public async Task Eth_in_and_eth_out_swaps_through_the_router()
    {
        var chain = await DevnetChain.ConnectAsync();
        var trader = chain.Key("trader");
        var usdc = chain.Token("USDC");
        var weth = chain.Token("WETH");
        var router = new UniswapV2Router(chain.Rpc, chain.Router);
        await chain.InSnapshotAsync(async () =>
        {
            var deadline = (await chain.ChainTimeAsync()).AddMinutes(5);
            var oneEth = BigInteger.Pow(10, 18);
            var ethQuote = await router.QuoteExactInAsync(oneEth, [weth, usdc]);
            var ethIn = await chain.SendAsync(UniswapV2Router.SwapExactEthForTokens(chain.Router, oneEth, ethQuote.MinimumOut(30), [weth, usdc], trader.Address, deadline), trader);
            var ethFill = UniswapV2Router.Fill(ethIn.Logs, [weth, usdc], [ethQuote.Pools[0].Pair]);
            Assert.Equal((oneEth, ethQuote.AmountOut), (ethFill.AmountIn, ethFill.AmountOut));
            Assert.Equal(-(oneEth + ethIn.GasCost()), await BalanceChangeAsync(chain, trader.Address, ethIn.Height()));

            var usdcIn = new BigInteger(1_000_000_000);
            var tokenQuote = await router.QuoteExactInAsync(usdcIn, [usdc, weth]);
            Assert.True((await chain.SendAsync(Erc20.Approve(usdc, chain.Router, usdcIn), trader)).Succeeded());
            var ethOut = await chain.SendAsync(UniswapV2Router.SwapExactTokensForEth(chain.Router, usdcIn, tokenQuote.MinimumOut(30), [usdc, weth], trader.Address, deadline), trader);
            var outFill = UniswapV2Router.Fill(ethOut.Logs, [usdc, weth], [tokenQuote.Pools[0].Pair]);
            Assert.Equal(tokenQuote.AmountOut, outFill.AmountOut);
            Assert.Equal(outFill.AmountOut - ethOut.GasCost(), await BalanceChangeAsync(chain, trader.Address, ethOut.Height()));
        });
    }

    [Fact]
    public async Task Erc20_transfers_signed_as_legacy_access_list_and_dynamic_fee_transactions()
    {
        var chain = await DevnetChain.ConnectAsync();
        var trader = chain.Key("trader");
        var bob = Address.Parse(chain.Manifest.Account("bob").Address);
        var usdc = chain.Token("USDC");
        var wbtc = chain.Token("WBTC");
        await chain.InSnapshotAsync(async () =>
        {
            var fees = await chain.Fees.EstimateAsync();
            var gasPrice = fees.MaxFeePerGas!.Value;
            var amounts = new[] { new BigInteger(1_000_001), new BigInteger(2_000_002), new BigInteger(3_000_003) };
            Func<ContractCall, ulong, Nethereum.Model.SignedTransaction>[] builders =
            [
                (call, nonce) => TransactionSender.Build(DevnetChain.ChainId, call, nonce, 100_000, FeeQuote.Legacy(gasPrice)),
                (call, nonce) => new Nethereum.Model.Transaction2930(DevnetChain.ChainId, nonce, gasPrice, 100_000, call.To.ToLowerHex(), 0,
                    ChainTrader.Core.Hex.Encode(call.Data), [new Nethereum.Model.AccessListItem(usdc.ToLowerHex(), [])]),
                (call, nonce) => TransactionSender.Build(DevnetChain.ChainId, call, nonce, 100_000, fees),
            ];
            for (var i = 0; i < builders.Length; i++)
            {
                var token = i == 1 ? wbtc : usdc;
                var call = Erc20.Transfer(token, bob, amounts[i]);
                var lease = await chain.Nonces.AcquireAsync(trader.Address);
                var signed = trader.Sign(builders[i](call, lease.Nonce));
                await chain.Nonces.MarkSignedAsync(lease, signed.HashHex);
                Assert.True((await TransactionSender.BroadcastAsync(signed.ToRawBytes(), [chain.Rpc])).IsInPool);
                var receipt = await chain.ReceiptAsync(signed.HashHex);
                Assert.True(receipt.Succeeded());
                Assert.Equal((ulong)signed.Type, (ulong)receipt.Type.Value);
                Assert.Equal(new Erc20Transfer(token, trader.Address, bob, amounts[i], receipt.Logs[0].Index()), Assert.Single(Erc20.Transfers(receipt.Logs)));
                var after = await Erc20.BalancesAsync(chain.Rpc, bob, [usdc, wbtc], new BlockParameter(receipt.Height()));
                var before = await Erc20.BalancesAsync(chain.Rpc, bob, [usdc, wbtc], new BlockParameter(receipt.Height() - 1));
                Assert.Equal(amounts[i], after[i == 1 ? 1 : 0] - before[i == 1 ? 1 : 0]);
            }
        });
    }

    [Fact]
    public async Task Reverts_are_decoded_from_eth_call_and_from_a_mined_failing_transaction()
    {
        var chain = await DevnetChain.ConnectAsync();
        var trader = chain.Key("trader");
        var path = new[] { chain.Token("USDC"), chain.Token("WETH") };
        var amountIn = new BigInteger(1_000_000_000);
        var now = await chain.ChainTimeAsync();
        var expired = UniswapV2Router.SwapExactTokensForTokens(chain.Router, amountIn, 1, path, trader.Address, now.AddHours(-1));
        var tooGreedy = UniswapV2Router.SwapExactTokensForTokens(chain.Router, amountIn, BigInteger.Pow(10, 24), path, trader.Address, now.AddHours(1));

        var e1 = await Assert.ThrowsAsync<ContractRevertException>(() => chain.Rpc.CallAsync(UniswapV2Router.SwapExactTokensForTokensFunction, expired, BlockParameter.CreateLatest()));
        Assert.Equal("UniswapV2Router: EXPIRED", e1.Reason.ErrorMessage);
        var e2 = await Assert.ThrowsAsync<ContractRevertException>(() => chain.Rpc.CallAsync(UniswapV2Router.SwapExactTokensForTokensFunction, tooGreedy, BlockParameter.CreateLatest()));
        Assert.Equal("UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT", e2.Reason.ErrorMessage);
        // The gas estimate refuses it the same way, before any nonce is taken.
        var e3 = await Assert.ThrowsAsync<ContractRevertException>(() => chain.Gas.EstimateAsync(tooGreedy, trader.Address));
        Assert.Equal("UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT", e3.Reason.ErrorMessage);

        await chain.InSnapshotAsync(async () =>
        {
            foreach (var (call, reason) in new[] { (expired, "UniswapV2Router: EXPIRED"), (tooGreedy, "UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT") })
            {
                // Signed with a fixed gas limit (an estimate would refuse), so the node mines it and it fails on chain.
                var lease = await chain.Nonces.AcquireAsync(trader.Address);
                var signed = trader.Sign(TransactionSender.Build(DevnetChain.ChainId, call, lease.Nonce, 200_000, await chain.Fees.EstimateAsync()));
                await chain.Nonces.MarkSignedAsync(lease, signed.HashHex);
                await TransactionSender.BroadcastAsync(signed.ToRawBytes(), [chain.Rpc]); // Hardhat mines it and also answers with the revert
                var receipt = await chain.ReceiptAsync(signed.HashHex);
                Assert.False(receipt.Succeeded());
                var explained = await TransactionFailures.ExplainAsync(chain.Rpc, receipt);
                Assert.Equal(reason, explained!.ErrorMessage);
            }
        });
    }

    [Fact]
    public void Builders_refuse_unlimited_approvals_and_unprotected_swaps()
    {
        var token = Address.Parse("0x1111111111111111111111111111111111111111");
        var spender = Address.Parse("0x2222222222222222222222222222222222222222");
        var unlimited = Assert.Throws<ArgumentOutOfRangeException>(() => Erc20.Approve(token, spender, UInt256.MaxValue));
        Assert.Contains("Maestro and Unibot", unlimited.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Erc20.Approve(token, spender, BigInteger.One << 255));
        Assert.Throws<ArgumentOutOfRangeException>(() => Erc20.Approve(token, spender, -1));
        var largest = Erc20.Approve(token, spender, (BigInteger.One << 255) - 1);
        Assert.Equal(Erc20.ApproveFunction.EncodeCall(spender.ToLowerHex(), (BigInteger.One << 255) - 1), largest.Data);
        Assert.Equal(Erc20.ApproveFunction.EncodeCall(spender.ToLowerHex(), BigInteger.Zero), Erc20.Approve(token, spender, 0).Data); // revoking is allowed
        Assert.Throws<ArgumentException>(() => Erc20.Approve(token, Address.Zero, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Erc20.Transfer(token, spender, 0));

        var deadline = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var noMinimum = Assert.Throws<ArgumentOutOfRangeException>(() => UniswapV2Router.SwapExactTokensForTokens(spender, 10, 0, [token, spender], spender, deadline));
        Assert.Contains("amountOutMin must be positive", noMinimum.Message);
        Assert.Throws<ArgumentException>(() => UniswapV2Router.SwapExactTokensForTokens(spender, 10, 1, [token], spender, deadline));
        Assert.Throws<ArgumentException>(() => UniswapV2Router.SwapExactTokensForTokens(spender, 10, 1, [token, token], spender, deadline));
        var eth = UniswapV2Router.SwapExactEthForTokens(spender, 7, 1, [token, spender], spender, deadline);
        Assert.Equal(new BigInteger(7), eth.Value);
        var decoded = AbiDeclarations.DecodeCanonical(UniswapV2Router.SwapExactEthForTokensFunction.InputParameters, eth.Data[4..]);
        Assert.Equal(new BigInteger(1_800_000_000), decoded.Get<BigInteger>("deadline"));
    }


    private static async Task<BigInteger> BalanceChangeAsync(DevnetChain chain, Address account, ulong block) =>
        await chain.Rpc.GetBalanceAsync(account.ToLowerHex(), new BlockParameter(block)) - await chain.Rpc.GetBalanceAsync(account.ToLowerHex(), new BlockParameter(block - 1));
}
