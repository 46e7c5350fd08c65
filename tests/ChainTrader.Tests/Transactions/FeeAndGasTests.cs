using System.Numerics;
using System.Text.Json.Nodes;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Transactions;
using ChainTrader.Core.Evm;
using ChainTrader.Tests.Contracts;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Tests.Transactions;

/// <summary>Fees and gas against the devnet's own base fee and estimates, and the replacement rule against Hardhat's pool.</summary>
[Collection(DevnetCollection.Name)]
public sealed class FeeAndGasTests
{
    private static readonly BigInteger Gwei = 1_000_000_000;

    private static FeeEstimator Estimator(IRpcChannel rpc, FeeEstimatorOptions? options = null) => new(rpc, Options.Create(options ?? new FeeEstimatorOptions()));

    [Fact]
    public async Task Eip1559_fees_follow_the_next_base_fee_and_recent_tips_in_one_request()
    {
        var chain = await DevnetChain.ConnectAsync();
        var before = chain.Counter.Requests;
        var quote = await chain.Fees.EstimateAsync();
        Assert.Equal(1, chain.Counter.Requests - before);

        var latest = (await chain.Rpc.GetBlockByNumberAsync(BlockParameter.CreateLatest()))!;
        Assert.True(quote.IsEip1559);
        var baseFee = quote.BaseFeePerGas!.Value;
        // The next base fee moves at most 12.5 % from the latest block's.
        Assert.InRange(baseFee, latest.BaseFeePerGas.Value * 7 / 8, latest.BaseFeePerGas.Value * 9 / 8 + 1);
        Assert.True(quote.MaxPriorityFeePerGas >= new FeeEstimatorOptions().MinPriorityFeePerGas);
        Assert.Equal(2 * baseFee + quote.MaxPriorityFeePerGas, quote.MaxFeePerGas);

        // The tip is the median of the blocks' 50th-percentile tips (blocks with transactions only).
        var history = await chain.Rpc.GetFeeHistoryAsync(10, BlockParameter.CreateLatest(), [50m]);
        var tips = history.Reward.Where((_, i) => history.GasUsedRatio[i] > 0).Select(r => r[0].Value).Order().ToList();
        Assert.NotEmpty(tips); // the deploy and earlier tests filled recent blocks
        var median = tips.Count % 2 == 1 ? tips[tips.Count / 2] : (tips[tips.Count / 2 - 1] + tips[tips.Count / 2]) / 2;
        Assert.Equal(BigInteger.Max(median, new FeeEstimatorOptions().MinPriorityFeePerGas), quote.MaxPriorityFeePerGas);

        var floor = await Estimator(chain.Rpc, new FeeEstimatorOptions { MinPriorityFeePerGas = 7 * Gwei }).EstimateAsync();
        Assert.Equal(7 * Gwei, floor.MaxPriorityFeePerGas);
        var legacy = await Estimator(chain.Rpc, new FeeEstimatorOptions { Mode = FeeMode.Legacy }).EstimateAsync();
        Assert.False(legacy.IsEip1559);
        Assert.InRange(legacy.GasPrice!.Value, baseFee / 2, 4 * baseFee + 10 * Gwei);
        var capped = await Assert.ThrowsAsync<FeeCapExceededException>(() => Estimator(chain.Rpc, new FeeEstimatorOptions { MaxFeePerGasCap = 1 }).EstimateAsync());
        Assert.Equal(BigInteger.One, capped.Cap);
    }

    [Fact]
    public void Replacement_bump_raises_both_fees_by_at_least_the_configured_step()
    {
        var estimator = Estimator(new JsonRpcClient(new HttpClient(), new Uri("http://127.0.0.1:9")));
        var bumped = estimator.Bump(FeeQuote.Eip1559(100 * Gwei, 2 * Gwei, 40 * Gwei));
        Assert.Equal((112_500_000_000, 2_250_000_000), ((long)bumped.MaxFeePerGas!.Value, (long)bumped.MaxPriorityFeePerGas!.Value));
        Assert.Equal(BigInteger.One, estimator.Bump(FeeQuote.Eip1559(10, 0)).MaxPriorityFeePerGas); // a zero tip still goes up
        Assert.Equal(new BigInteger(12), estimator.Bump(FeeQuote.Eip1559(10, 0)).MaxFeePerGas);     // 11.25 rounded up
        var current = FeeQuote.Eip1559(300 * Gwei, 5 * Gwei, 140 * Gwei);
        Assert.Equal(current.MaxFeePerGas, estimator.Bump(FeeQuote.Eip1559(100 * Gwei, 2 * Gwei), current).MaxFeePerGas);
        Assert.Equal(new BigInteger(1125), estimator.Bump(FeeQuote.Legacy(1000)).GasPrice);
        Assert.Throws<ArgumentException>(() => estimator.Bump(FeeQuote.Legacy(1000), current));
        Assert.Throws<OptionsValidationException>(() => Estimator(new JsonRpcClient(new HttpClient(), new Uri("http://127.0.0.1:9")),
            new FeeEstimatorOptions { ReplacementBumpBps = 500 }));
    }

    [Fact]
    public async Task Hardhat_refuses_a_small_bump_and_takes_ours_for_the_same_nonce()
    {
        var chain = await DevnetChain.ConnectAsync();
        var bob = chain.Key("bob");
        var alice = Address.Parse(chain.Manifest.Account("alice").Address);
        var transfer = new ContractCall(alice, [], 12345);
        await chain.InSnapshotAsync(async () =>
        {
            await chain.Rpc.CallAsync(RpcCalls.Raw("evm_setAutomine", JsonValue.Create(false)));
            var fees = await chain.Fees.EstimateAsync();
            var lease = await chain.Nonces.AcquireAsync(bob.Address);
            var original = bob.Sign(TransactionSender.Build(DevnetChain.ChainId, transfer, lease.Nonce, 21_000, fees));
            Assert.Equal(BroadcastVerdict.Accepted, (await TransactionSender.BroadcastAsync(original.ToRawBytes(), [chain.Rpc])).Outcome);
            // Sending the same bytes again: the node knows them already, which is not a failure.
            Assert.Equal(BroadcastVerdict.AlreadyKnown, (await TransactionSender.BroadcastAsync(original.ToRawBytes(), [chain.Rpc, chain.Rpc])).Outcome);

            var small = FeeQuote.Eip1559(fees.MaxFeePerGas!.Value * 105 / 100, fees.MaxPriorityFeePerGas!.Value * 105 / 100);
            var refused = await TransactionSender.BroadcastAsync(bob.Sign(TransactionSender.Build(DevnetChain.ChainId, transfer, lease.Nonce, 21_000, small)).ToRawBytes(), [chain.Rpc]);
            Assert.Equal(BroadcastVerdict.Rejected, refused.Outcome);
            Assert.Contains("underpriced", refused.Endpoints[0].Message, StringComparison.OrdinalIgnoreCase);

            var replacement = bob.Sign(TransactionSender.Build(DevnetChain.ChainId, transfer, lease.Nonce, 21_000, chain.Fees.Bump(fees)));
            Assert.Equal(BroadcastVerdict.Accepted, (await TransactionSender.BroadcastAsync(replacement.ToRawBytes(), [chain.Rpc])).Outcome);
            await chain.Rpc.CallAsync(RpcCalls.Raw("evm_mine"));
            Assert.True((await chain.ReceiptAsync(replacement.HashHex)).Succeeded());
            Assert.Null(await chain.Rpc.GetTransactionReceiptAsync(original.HashHex));

            // The replaced original can no longer go in: nonce too low, and its hash is unknown, so the nonce was consumed.
            var late = await TransactionSender.BroadcastAsync(original.ToRawBytes(), [chain.Rpc]);
            Assert.Equal(BroadcastVerdict.NonceConsumed, late.Outcome);
            // The mined replacement itself is recognised as ours.
            Assert.Equal(BroadcastVerdict.AlreadyKnown, (await TransactionSender.BroadcastAsync(replacement.ToRawBytes(), [chain.Rpc])).Outcome);

            // Automining, Hardhat refuses to queue a nonce above one it lacks: not a refusal of the transaction, it is sent again later.
            await chain.Rpc.CallAsync(RpcCalls.Raw("evm_setAutomine", JsonValue.Create(true)));
            var ahead = bob.Sign(TransactionSender.Build(DevnetChain.ChainId, transfer, lease.Nonce + 2, 21_000, fees));
            var early = await TransactionSender.BroadcastAsync(ahead.ToRawBytes(), [chain.Rpc]);
            Assert.Equal(BroadcastVerdict.NonceAhead, early.Outcome);
            Assert.Contains("nonce too high", early.Endpoints[0].Message, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task Gas_limit_is_the_estimate_plus_margin_within_the_cap()
    {
        var chain = await DevnetChain.ConnectAsync();
        var trader = chain.Key("trader");
        var call = Erc20.Transfer(chain.Token("USDC"), Address.Parse(chain.Manifest.Account("bob").Address), 1_000_000);
        var estimate = await chain.Gas.EstimateAsync(call, trader.Address);
        Assert.InRange(estimate.Estimated, 30_000UL, 80_000UL);
        Assert.Equal((estimate.Estimated * 120 + 99) / 100, estimate.GasLimit);

        var tight = new GasEstimator(chain.Rpc, Options.Create(new GasEstimatorOptions { MaxGas = estimate.Estimated + 1 }));
        Assert.Equal(estimate.Estimated + 1, (await tight.EstimateAsync(call, trader.Address)).GasLimit);
        var tooSmall = new GasEstimator(chain.Rpc, Options.Create(new GasEstimatorOptions { MaxGas = 21_000 }));
        await Assert.ThrowsAsync<GasCapExceededException>(() => tooSmall.EstimateAsync(call, trader.Address));
        // Moving more than the sender has reverts inside the token: refused at estimate time with the token's reason.
        var broke = Erc20.Transfer(chain.Token("USDC"), trader.Address, 1_000_000);
        var revert = await Assert.ThrowsAsync<ContractRevertException>(() => chain.Gas.EstimateAsync(broke, Address.Parse(chain.Manifest.Account("outsider").Address)));
        Assert.NotEqual(Core.Evm.Abi.RevertKind.Unrecognized, revert.Reason.Kind);
    }
}
