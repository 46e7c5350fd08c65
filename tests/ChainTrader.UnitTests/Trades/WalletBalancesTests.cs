using System.Numerics;
using System.Text.Json;
using ChainTrader.Core.Trades;
using static ChainTrader.TestSupport.TradeFixtures;

namespace ChainTrader.UnitTests.Trades;

/// <summary>The trading wallet's expected balances: baseline plus every mined fill and approval after the baseline's block.</summary>
public class WalletBalancesTests
{
    private const long GasWei = 150_000L * 20_000_000_000L; // the fixture receipt's gas
    private static readonly BigInteger OneEth = BigInteger.Pow(10, 18);
    private static readonly BigInteger WethBought = BigInteger.Parse("499100000000000000");

    private static IReadOnlyList<WalletBaseline> Baselines(long block) =>
    [
        new(WalletBalances.Native, 10 * OneEth, block),
        new(Usdc.Address.ToLowerInvariant(), 5_000_000_000, block),
        new(Weth.Address.ToLowerInvariant(), 0, block),
    ];

    private static Fill Bought(string id, long block, bool succeeded = true) =>
        Ledger.FillFromReceipt(id, Intent, Receipt("0x" + id, block, succeeded: succeeded), 1m, 2000m, T0);

    private static BigInteger[] Amounts(IReadOnlyList<(string Asset, BigInteger Amount)> expected) => expected.Select(e => e.Amount).ToArray();

    [Fact]
    public void A_chain_fill_after_the_baseline_moves_both_tokens_and_pays_gas_in_native_units()
    {
        var fill = Bought("a1", block: 101);
        Assert.Equal(new WalletEffect(101, Usdc.Address, -1_000_000_000, Weth.Address, WethBought, GasWei), fill.OnChain);

        var expected = WalletBalances.Expected(Baselines(100), [fill], [], 1000);

        Assert.Equal([WalletBalances.Native, Usdc.Address.ToLowerInvariant(), Weth.Address.ToLowerInvariant()], expected.Select(e => e.Asset));
        Assert.Equal([10 * OneEth - GasWei, 4_000_000_000, WethBought], Amounts(expected));
    }

    [Fact]
    public void Fills_mined_at_or_before_the_baseline_block_are_already_in_it()
    {
        var expected = WalletBalances.Expected(Baselines(100), [Bought("a1", block: 100), Bought("a0", block: 90)], [], 1000);
        Assert.Equal([10 * OneEth, 5_000_000_000, BigInteger.Zero], Amounts(expected));
    }

    [Fact]
    public void A_reverted_swap_only_pays_gas_and_a_sell_reverses_the_tokens()
    {
        var reverted = Bought("r1", block: 101, succeeded: false);
        Assert.Equal(FillKind.GasOnly, reverted.Kind);
        var sell = Ledger.FillFromReceipt("s1", Intent with { Side = TradeSide.Sell, AmountIn = 0.4991m },
            Receipt("0xs1", 102) with { TokenInDelta = -WethBought, TokenOutDelta = 995_000_000 }, 1m, 2000m, T0);

        var expected = WalletBalances.Expected(Baselines(100), [Bought("a1", 101), reverted, sell], [], 1000);

        Assert.Equal([10 * OneEth - 3 * GasWei, 4_995_000_000, BigInteger.Zero], Amounts(expected));
    }

    [Fact]
    public void Approval_gas_after_the_baseline_is_charged_once_per_transaction_to_the_native_coin_only()
    {
        GasCharge[] gas = [new("0xAPPROVE", 101, 46_000), new("0xapprove", 101, 46_000), new("0xold", 100, 99_999)];

        var expected = WalletBalances.Expected(Baselines(100), [], gas, 1000);

        Assert.Equal([10 * OneEth - 46_000, 5_000_000_000, BigInteger.Zero], Amounts(expected));
    }

    [Fact]
    public void Paper_fills_and_fills_without_on_chain_amounts_never_count()
    {
        var quote = new TradeQuote(1_000_000_000, WethBought, WethBought, 10, 1000m, 2m, 3m, 2000m, 1m, 2000m, DateTimeOffset.UnixEpoch);
        var paper = Ledger.PaperFill("p1", Intent, quote, T0);
        Assert.Null(paper.OnChain);
        var legacy = Bought("l1", 101) with { OnChain = null };

        var expected = WalletBalances.Expected(Baselines(100), [paper, legacy, paper with { OnChain = Bought("x", 101).OnChain }], [], 1000);

        Assert.Equal([10 * OneEth, 5_000_000_000, BigInteger.Zero], Amounts(expected));
    }

    [Fact]
    public void Each_asset_counts_from_its_own_baseline_block()
    {
        // WETH was added to the desk later: its baseline was read after the first fill, which it already holds.
        WalletBaseline[] baselines = [new(Usdc.Address, 5_000_000_000, 100), new(Weth.Address.ToUpperInvariant().Replace("0X", "0x"), WethBought, 101)];

        var expected = WalletBalances.Expected(baselines, [Bought("a1", 101), Bought("a2", 102)], [], 1000);

        Assert.Equal([3_000_000_000, 2 * WethBought], Amounts(expected));
    }

    [Fact]
    public void Only_what_was_mined_up_to_the_compared_block_counts()
    {
        // The chain is read at block 101: a fill and an approval mined at 102 (settled meanwhile) are not in it yet.
        var expected = WalletBalances.Expected(Baselines(100), [Bought("a1", 101), Bought("a2", 102)], [new GasCharge("0xap", 102, 46_000)], 101);
        Assert.Equal([10 * OneEth - GasWei, 4_000_000_000, WethBought], Amounts(expected));

        var ex = Assert.Throws<ArgumentException>(() => WalletBalances.Expected(Baselines(100), [], [], 99));
        Assert.Contains("read at block 100, after block 99", ex.Message);
    }

    [Fact]
    public void The_on_chain_amounts_survive_the_ledger_row_round_trip_exactly()
    {
        var fill = Bought("a1", 101);
        var json = JsonSerializer.Serialize(fill, TradeJson.Default.Fill);
        Assert.Contains("\"gasWei\":\"3000000000000000\"", json);
        Assert.Equal(fill, JsonSerializer.Deserialize(json, TradeJson.Default.Fill));
        var legacy = JsonSerializer.Deserialize(json.Replace(json[json.IndexOf(",\"onChain\"", StringComparison.Ordinal)..^1], ""), TradeJson.Default.Fill);
        Assert.Null(legacy!.OnChain);
    }
}
