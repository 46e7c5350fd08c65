using ChainTrader.Core.Trades;
using ChainTrader.Application.Trades;
using Microsoft.DurableTask.Client;
using static ChainTrader.TestSupport.TradeFixtures;

namespace ChainTrader.UnitTests.Trades;

/// <summary>The decision behind the trades.overdue alert: which open trades their orchestration no longer moves.</summary>
public class OverdueTradesTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(120);

    public static TheoryData<string> BoundedStates() => ["Requested", "RiskChecked", "AwaitingConfirmation", "Confirmed", "Submitted"];

    private static Trade At(string state) => state switch
    {
        "Requested" => Requested(),
        "RiskChecked" => RiskChecked(),
        "AwaitingConfirmation" => Awaiting(),
        "Confirmed" => Priced(),
        "Submitted" => Submitted(),
        "Included" => Included(),
        _ => Final(),
    };

    private static IReadOnlyList<OverdueTrade> Find(Trade trade, OrchestrationRuntimeStatus? status, DateTimeOffset now) =>
        OverdueTrades.Find([(trade, status)], Timings, Grace, now);

    [Theory]
    [MemberData(nameof(BoundedStates))]
    public void TheBoundIsWhereTheStateMachineEndsTheTrade(string state)
    {
        var trade = At(state);
        var by = OverdueTrades.MustMoveBy(trade, Timings)!.Value;

        var step = Machine.Apply(trade, new Tick(), by);

        Assert.True(step.Trade.IsTerminal, $"a tick at {by:O} left the trade {step.Trade.State}");
    }

    [Theory]
    [MemberData(nameof(BoundedStates))]
    public void ARunningTradeIsOverdueOnlyOnceTheGracePastItsBoundIsOver(string state)
    {
        var trade = At(state);
        var by = OverdueTrades.MustMoveBy(trade, Timings)!.Value;

        Assert.Empty(Find(trade, OrchestrationRuntimeStatus.Running, by + Grace - TimeSpan.FromSeconds(1)));
        var overdue = Assert.Single(Find(trade, OrchestrationRuntimeStatus.Running, by + Grace));
        Assert.Equal(new OverdueTrade(TradeId, trade.State, overdue.Reason), overdue);
        Assert.Contains($"still {trade.State} 2 min after", overdue.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void IncludedHasNoTimeBoundSoOnlyItsOrchestrationIsJudged()
    {
        var included = Included();
        var muchLater = included.StateSince.AddDays(1);

        Assert.Null(OverdueTrades.MustMoveBy(included, Timings));
        Assert.Empty(Find(included, OrchestrationRuntimeStatus.Running, muchLater));
        Assert.Single(Find(included, OrchestrationRuntimeStatus.Terminated, muchLater));
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Failed, "its orchestration failed")]
    [InlineData(OrchestrationRuntimeStatus.Terminated, "its orchestration was terminated")]
    public void AFailedOrTerminatedOrchestrationMakesAnOpenTradeOverdueAtOnce(OrchestrationRuntimeStatus status, string reason)
    {
        var trade = Awaiting();

        var overdue = Assert.Single(Find(trade, status, trade.UpdatedAt));

        Assert.Equal(new OverdueTrade(TradeId, TradeState.AwaitingConfirmation, reason), overdue);
    }

    [Theory]
    [InlineData(null, "it has no orchestration")]
    [InlineData(OrchestrationRuntimeStatus.Completed, "its orchestration completed with the trade still open")]
    public void AMissingOrCompletedOrchestrationCountsOnlyOnceTheTradeWasLeftAloneForTheGrace(OrchestrationRuntimeStatus? status, string reason)
    {
        // Stored before its orchestration is scheduled, and saved terminal before it completes: a short gap is normal.
        var trade = Awaiting();

        Assert.Empty(Find(trade, status, trade.UpdatedAt + Grace - TimeSpan.FromSeconds(1)));
        Assert.Equal(reason, Assert.Single(Find(trade, status, trade.UpdatedAt + Grace)).Reason);
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Running)]
    [InlineData(OrchestrationRuntimeStatus.Pending)]
    [InlineData(OrchestrationRuntimeStatus.Suspended)]
    public void ALiveOrchestrationWithinItsBoundIsNotOverdue(OrchestrationRuntimeStatus status)
    {
        var trade = Confirmed();

        Assert.Empty(Find(trade, status, trade.StateSince + Timings.ConfirmTimeout));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(OrchestrationRuntimeStatus.Terminated)]
    [InlineData(OrchestrationRuntimeStatus.Completed)]
    public void AnEndedTradeIsNeverOverdue(OrchestrationRuntimeStatus? status)
    {
        var final = Final();

        Assert.Empty(Find(final, status, final.UpdatedAt.AddDays(1)));
    }

    [Fact]
    public void OnlyTheOverdueTradesOfManyAreNamed()
    {
        var moving = Submitted() with { Id = "t-moving" };
        var gone = Awaiting() with { Id = "t-gone" };
        var late = Requested() with { Id = "t-late" };
        var now = late.OpenedAt + Timings.OpenTimeout + Grace;

        var overdue = OverdueTrades.Find([(moving, OrchestrationRuntimeStatus.Running), (gone, OrchestrationRuntimeStatus.Terminated),
            (late, OrchestrationRuntimeStatus.Running)], Timings, Grace, now);

        Assert.Equal(["t-gone", "t-late"], overdue.Select(o => o.TradeId));
    }
}
