using ChainTrader.Core.Risk;
using ChainTrader.Core.Trades;
using static ChainTrader.TestSupport.TradeFixtures;

namespace ChainTrader.UnitTests.Trades;

/// <summary>Every well-formed event in every state: the legal ones apply, every other one is rejected and changes nothing.</summary>
public class TradeStateMachineTableTests
{
    public static Trade Reach(string fixture) => fixture switch
    {
        "Requested" => Requested(),
        "RiskChecked" => RiskChecked(),
        "Awaiting" => Awaiting(),
        "Confirmed" => Confirmed(),
        "Priced" => Priced(),
        "PricedDryRun" => Priced(ExecutionMode.DryRun),
        "SignedDryRun" => Step(Priced(ExecutionMode.DryRun), new TransactionSigned(Signed(3)), T0.AddSeconds(12)).Trade,
        "SignedLive" => SignedLive(),
        "Submitted" => Submitted(),
        "Included" => Included(),
        "Final" => Final(),
        "Simulated" => Step(Reach("SignedDryRun"), new SimulationCompleted(true, null), T0.AddSeconds(13)).Trade,
        "Rejected" => Step(Requested(), new RiskEvaluated(new RiskDecision([new RuleFailure("x", "1", "2", "x: 2 > 1")], 28), null), T0.AddSeconds(1)).Trade,
        "Expired" => Step(Awaiting(), new Tick(), T0.AddMinutes(5)).Trade,
        "Cancelled" => Step(Awaiting(), new CancelRequested(User), T0.AddSeconds(5)).Trade,
        "Failed" => Step(Priced(), new Tick(), T0.AddMinutes(10)).Trade,
        _ => throw new ArgumentOutOfRangeException(nameof(fixture), fixture, "unknown fixture"),
    };

    /// <summary>One well-formed instance of every event, aimed at the trade (its message, its hashes) where that matters.</summary>
    private static IEnumerable<(string Name, TradeEvent Event)> Events(Trade t)
    {
        var hash = t.CurrentTransaction?.Hash ?? Signed(7).Hash;
        yield return ("Opened", new Opened(Intent));
        yield return ("RiskEvaluated", new RiskEvaluated(Approved, Quote()));
        yield return ("QuoteShown", new QuoteShown(QuoteMessageKey));
        yield return ("ConfirmPressed", new ConfirmPressed(User, QuoteMessageKey, Live));
        yield return ("CancelRequested", new CancelRequested(User));
        yield return ("Repriced", new Repriced(Quote()));
        yield return ("TransactionSigned", new TransactionSigned(Signed(7, salt: 99)));
        yield return ("BroadcastResult", new BroadcastResult(hash, BroadcastOutcome.Accepted));
        yield return ("ReceiptSeen", new ReceiptSeen(Receipt(hash)));
        yield return ("HeadAdvanced", new HeadAdvanced(102, BlockHash(100)));
        yield return ("ReceiptGone", new ReceiptGone(hash));
        yield return ("Reverted", new Reverted(hash, "boom"));
        yield return ("SimulationCompleted", new SimulationCompleted(true, null));
        yield return ("EmergencyStop", new EmergencyStop());
        yield return ("Tick", new Tick());
    }

    private static readonly Dictionary<string, string[]> Legal = new()
    {
        ["Requested"] = ["RiskEvaluated", "CancelRequested", "EmergencyStop", "Tick"],
        ["RiskChecked"] = ["QuoteShown", "CancelRequested", "EmergencyStop", "Tick"],
        ["Awaiting"] = ["ConfirmPressed", "CancelRequested", "EmergencyStop"],           // Tick before expiry has nothing to do
        ["Confirmed"] = ["Repriced", "CancelRequested", "EmergencyStop", "Tick"],
        ["Priced"] = ["TransactionSigned", "CancelRequested", "EmergencyStop", "Tick"],
        ["PricedDryRun"] = ["TransactionSigned", "CancelRequested", "EmergencyStop", "Tick"],
        ["SignedDryRun"] = ["SimulationCompleted", "CancelRequested", "EmergencyStop", "Tick"],
        ["SignedLive"] = ["BroadcastResult", "ReceiptSeen", "Tick"],
        ["Submitted"] = ["ReceiptSeen", "Tick"],
        ["Included"] = ["HeadAdvanced", "ReceiptGone", "Tick"],
        ["Final"] = [],
        ["Simulated"] = [],
        ["Rejected"] = [],
        ["Expired"] = [],
        ["Cancelled"] = [],
        ["Failed"] = [],
    };

    public static TheoryData<string> Fixtures => new(Legal.Keys);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Only_the_legal_events_apply_in_each_state(string fixture)
    {
        var trade = Reach(fixture);
        var now = trade.UpdatedAt.AddSeconds(1);
        foreach (var (name, evt) in Events(trade))
        {
            var step = Machine.Apply(trade, evt, now);
            var legal = Legal[fixture].Contains(name);
            Assert.True(legal == step.Applied, $"{name} in {fixture}: expected {(legal ? "applied" : "rejected")}, got {step.Rejection ?? "applied"}");
            if (step.Applied) continue;
            Assert.Same(trade, step.Trade);
            Assert.Empty(step.Effects);
            Assert.Null(step.Entry);
            Assert.False(string.IsNullOrWhiteSpace(step.Rejection));
        }
    }

    [Fact]
    public void Every_state_is_covered_by_the_table()
    {
        var covered = Legal.Keys.Select(k => Reach(k).State).ToHashSet();
        Assert.Equal(Enum.GetValues<TradeState>().ToHashSet(), covered);
    }
}
