using System.Numerics;
using ChainTrader.Core;
using ChainTrader.Core.Risk;
using ChainTrader.Core.Trades;
using Nethereum.Util;

namespace ChainTrader.TestSupport;

/// <summary>A $1,000 USDC → WETH buy on a 6-confirmation chain, and helpers that drive it to any state.</summary>
internal static class TradeFixtures
{
    public const long User = 42;
    public const string TradeId = "t-1001";
    public const int Depth = 6;
    public static readonly DateTimeOffset T0 = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);
    public static readonly TradeTimings Timings = new();
    public static readonly TradeStateMachine Machine = new(Timings);

    public static readonly TokenLeg Weth = new("WETH", "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", 18);
    public static readonly TokenLeg Usdc = new("USDC", "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", 6);
    public static readonly TradeIntent Intent = new(User, 4242, TradeSide.Buy, Weth, Usdc, 1000m);

    public static TradeQuote Quote(BigInteger? expectedOut = null) => new(
        AmountInRaw: 1_000_000_000, ExpectedOutRaw: expectedOut ?? BigInteger.Parse("500000000000000000"),
        MinOutRaw: BigInteger.Parse("497500000000000000"), PriceImpactBps: 10, NotionalUsd: 1000m, GasCostUsd: 1m,
        VenueFeeUsd: 3m, OraclePriceUsd: 2000m, QuoteTokenUsd: 1m, NativeUsd: 2000m, ChainTime: T0);

    public static readonly RiskDecision Approved = new([], 28);
    public static readonly GateState Live = new(ExecutionMode.Live, false, false);
    public static readonly TxFees Fees = new(30_000_000_000, 2_000_000_000);

    /// <summary>A signed transaction whose hash really is keccak256 of its bytes.</summary>
    public static SignedSwapTransaction Signed(long nonce, TxFees? fees = null, int salt = 0)
    {
        var f = fees ?? Fees;
        var raw = Hex.Decode("0x02f8") .Concat(BitConverter.GetBytes(nonce)).Concat(f.MaxFeePerGas.ToByteArray()).Concat(BitConverter.GetBytes(salt)).ToArray();
        return new SignedSwapTransaction(nonce, Hex.Encode(Sha3Keccack.Current.CalculateHash(raw)), Hex.Encode(raw), f);
    }

    public static string BlockHash(long number, int fork = 0) => Hex.Encode(Sha3Keccack.Current.CalculateHashAsBytes($"block {number} fork {fork}"));

    /// <summary>Wallet deltas of the buy: −1,000 USDC, +0.4991 WETH; 150,000 gas at 20 gwei.</summary>
    public static ReceiptFacts Receipt(string hash, long block = 100, int fork = 0, bool succeeded = true) => new(
        hash, block, BlockHash(block, fork), succeeded, 150_000, 20_000_000_000,
        succeeded ? -1_000_000_000 : 0, succeeded ? BigInteger.Parse("499100000000000000") : 0);

    public static TradeStep Step(Trade trade, TradeEvent evt, DateTimeOffset now)
    {
        var step = Machine.Apply(trade, evt, now);
        Assert.True(step.Applied, $"{evt.GetType().Name} in {trade.State} was rejected: {step.Rejection}");
        return step;
    }

    public static Trade Requested() => Machine.Open(TradeId, Intent, Depth, T0).Trade;

    public static Trade RiskChecked() => Step(Requested(), new RiskEvaluated(Approved, Quote()), T0.AddSeconds(1)).Trade;

    public static string QuoteMessageKey => $"trade:{TradeId}:quoteprompt";

    public static Trade Awaiting() => Step(RiskChecked(), new QuoteShown(QuoteMessageKey), T0.AddSeconds(2)).Trade;

    public static Trade Confirmed(ExecutionMode mode = ExecutionMode.Live)
        => Step(Awaiting(), new ConfirmPressed(User, QuoteMessageKey, Live with { Mode = mode }), T0.AddSeconds(10)).Trade;

    public static Trade Priced(ExecutionMode mode = ExecutionMode.Live) => Step(Confirmed(mode), new Repriced(Quote()), T0.AddSeconds(11)).Trade;

    public static Trade SignedLive(long nonce = 7) => Step(Priced(), new TransactionSigned(Signed(nonce)), T0.AddSeconds(12)).Trade;

    public static Trade Submitted(long nonce = 7)
    {
        var signed = SignedLive(nonce);
        return Step(signed, new BroadcastResult(signed.Transactions[0].Hash, BroadcastOutcome.Accepted), T0.AddSeconds(13)).Trade;
    }

    public static Trade Included()
    {
        var submitted = Submitted();
        return Step(submitted, new ReceiptSeen(Receipt(submitted.Transactions[0].Hash)), T0.AddSeconds(30)).Trade;
    }

    public static Trade Final()
    {
        var included = Included();
        return Step(included, new HeadAdvanced(100 + Depth - 1, BlockHash(100)), T0.AddSeconds(90)).Trade;
    }

    public static T Single<T>(TradeStep step) where T : TradeEffect => Assert.Single(step.Effects.OfType<T>());
}
