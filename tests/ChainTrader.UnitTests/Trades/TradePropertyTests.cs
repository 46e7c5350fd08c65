using System.Numerics;
using System.Text.Json;
using ChainTrader.Core.Risk;
using ChainTrader.Core.Trades;
using static ChainTrader.TestSupport.TradeFixtures;

namespace ChainTrader.UnitTests.Trades;

/// <summary>Random (seeded, reproducible) event sequences: the lifecycle's invariants hold after every step.</summary>
public class TradePropertyTests
{
    private const int Runs = 600;
    private const int StepsPerRun = 80;

    [Fact]
    public void Random_event_sequences_keep_every_invariant()
    {
        var endings = new Dictionary<TradeState, int>();
        var maxTransactions = 0;
        var reorgs = 0;
        for (var seed = 0; seed < Runs; seed++)
        {
            var (trade, transactions, sawReorg) = RunOne(seed);
            endings[trade.State] = endings.GetValueOrDefault(trade.State) + 1;
            maxTransactions = Math.Max(maxTransactions, transactions);
            reorgs += sawReorg ? 1 : 0;
        }
        // The generator must reach the deep paths, or the invariants prove little.
        foreach (var state in new[] { TradeState.Final, TradeState.Simulated, TradeState.Rejected, TradeState.Expired, TradeState.Cancelled, TradeState.Failed })
            Assert.True(endings.GetValueOrDefault(state) > 0, $"no run ended in {state}: {string.Join(", ", endings)}");
        Assert.True(maxTransactions >= 2, "no run replaced a transaction");
        Assert.True(reorgs > 0, "no run saw a reorg");
    }

    private static (Trade Trade, int Transactions, bool SawReorg) RunOne(int seed)
    {
        var rng = new Random(seed);
        var now = T0;
        var trade = Machine.Open(TradeId, Intent, 1 + rng.Next(4), now).Trade;
        var settles = 0;
        var broadcastNonces = new HashSet<long>();
        var sawReorg = false;
        for (var i = 0; i < StepsPerRun; i++)
        {
            now += TimeSpan.FromSeconds(rng.Next(0, 8) == 0 ? rng.Next(60, 400) : rng.Next(0, 20));
            var evt = RandomEvent(rng, trade);
            var step = Machine.Apply(trade, evt, now);
            var context = $"seed {seed} step {i}: {evt.GetType().Name} in {trade.State}";

            if (!step.Applied)
            {
                Assert.Same(trade, step.Trade);
                Assert.Empty(step.Effects);
                continue;
            }
            Assert.False(trade.IsTerminal, $"{context}: a terminal trade changed");
            var next = step.Trade;
            Assert.Equal(trade.Sequence + (step.Entry is null ? 0 : 1), next.Sequence);
            Assert.True(next.IsTerminal == (next.DueAt is null), $"{context}: {next.State} with due {next.DueAt}");
            Assert.True(next.Transactions.Select(a => a.Nonce).Distinct().Count() <= 1, $"{context}: transactions with different nonces");
            foreach (var broadcast in step.Effects.OfType<BroadcastTransaction>())
            {
                var attempt = Assert.Single(next.Transactions, a => a.Hash == broadcast.Hash);
                Assert.Equal(attempt.RawTransaction, broadcast.RawTransaction);
                Assert.NotEqual(ExecutionMode.DryRun, next.Mode);
                broadcastNonces.Add(attempt.Nonce);
            }
            Assert.True(broadcastNonces.Count <= 1, $"{context}: broadcasts with nonces {string.Join(", ", broadcastNonces)}");
            var settled = step.Effects.OfType<Settle>().ToList();
            settles += settled.Count;
            Assert.True(settles <= 1, $"{context}: settled twice");
            if (settled.Count > 0) Assert.Contains(next.State, new[] { TradeState.Final, TradeState.Failed });
            sawReorg |= next.Reorgs > 0;

            var json = JsonSerializer.Serialize(next, TradeJson.Default.Trade);
            Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize(json, TradeJson.Default.Trade)!, TradeJson.Default.Trade));
            trade = next;
        }
        if (trade.State == TradeState.Final) Assert.Equal(1, settles);
        return (trade, trade.Transactions.Count, sawReorg);
    }

    /// <summary>Half the time an event that fits the state, otherwise anything; always well-formed.</summary>
    private static TradeEvent RandomEvent(Random rng, Trade t)
    {
        var knownHashes = t.Transactions.Select(a => a.Hash).Append(Signed(99, salt: 5).Hash).ToList();
        string AnyHash() => knownHashes[rng.Next(knownHashes.Count)];
        var fitting = rng.Next(2) == 0;
        var choice = fitting ? FittingChoice(rng, t) : rng.Next(15);
        return choice switch
        {
            0 => new RiskEvaluated(rng.Next(5) == 0 ? new RiskDecision([new RuleFailure("pacing.min_interval", "180 s", "5 s", "pacing.min_interval: last trade 5 s ago < 180 s")], 28) : Approved, Quote()),
            1 => new QuoteShown(QuoteMessageKey),
            2 => new ConfirmPressed(rng.Next(8) == 0 ? 7 : User, QuoteMessageKey,
                new GateState(rng.Next(12) == 0 ? null : (ExecutionMode)rng.Next(3), rng.Next(15) == 0, rng.Next(15) == 0)),
            3 => new CancelRequested(User),
            4 => new Repriced(Quote(BigInteger.Parse("500000000000000000") * (10_000 + rng.Next(-80, 81)) / 10_000) with { MinOutRaw = 0 }),
            5 => new TransactionSigned(Signed(rng.Next(6) == 0 ? 8 : 7,
                t.CurrentTransaction is { } current && rng.Next(4) != 0 ? current.Fees.BumpedBy(rng.Next(5, 30)) : Fees, rng.Next(1000))),
            6 => new BroadcastResult(AnyHash(), (BroadcastOutcome)rng.Next(4), "node says so"),
            7 => new ReceiptSeen(Receipt(AnyHash(), 100 + rng.Next(3), rng.Next(2), succeeded: rng.Next(6) != 0)),
            8 => new HeadAdvanced((t.Receipt?.BlockNumber ?? 100) + rng.Next(-1, 8),
                rng.Next(5) == 0 ? BlockHash(t.Receipt?.BlockNumber ?? 100, 7) : t.Receipt?.BlockHash),
            9 => rng.Next(3) == 0
                ? new ReceiptGone(t.Receipt?.TxHash ?? AnyHash())
                : new ReceiptGone(t.Receipt?.TxHash ?? AnyHash(), (t.Receipt?.BlockNumber ?? 100) + rng.Next(-1, 8),
                    rng.Next(3) switch { 0 => null, 1 => t.Receipt?.BlockHash, _ => BlockHash(t.Receipt?.BlockNumber ?? 100, 7) }),
            10 => new Reverted(t.Receipt?.TxHash ?? AnyHash(), "boom"),
            11 => new SimulationCompleted(rng.Next(3) != 0, "boom"),
            12 => new EmergencyStop(),
            _ => new Tick(),
        };
    }

    private static int FittingChoice(Random rng, Trade t) => t.State switch
    {
        TradeState.Requested => rng.Next(6) == 0 ? 13 : 0,
        TradeState.RiskChecked => 1,
        TradeState.AwaitingConfirmation => 2,
        TradeState.Confirmed when t.ExecutionQuote is null => 4,
        TradeState.Confirmed when t.Transactions.Count == 0 => 5,
        TradeState.Confirmed => 11,
        TradeState.Submitted when t.Receipt is not null => 10,
        TradeState.Submitted => new[] { 5, 6, 6, 7, 13, 13 }[rng.Next(6)],
        TradeState.Included => new[] { 8, 8, 8, 9, 13 }[rng.Next(5)],
        _ => 13,
    };
}
