using ChainTrader.Core.Alerts;

namespace ChainTrader.UnitTests.Alerts;

public class AlertRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly AlertPolicy Policy = AlertPolicy.Default;

    /// <summary>Feeds a timeline of (seconds after T0, condition) and returns the action at each step.</summary>
    private static AlertAction[] Run(params (int At, bool Condition)[] timeline)
    {
        AlertState? state = null;
        var actions = new List<AlertAction>();
        foreach (var (at, condition) in timeline)
        {
            var decision = AlertRules.Decide(condition, state, T0.AddSeconds(at), Policy);
            actions.Add(decision.Action);
            state = decision.State;
        }
        return actions.ToArray();
    }

    [Fact]
    public void QuietWhileTheConditionStaysFalse()
    {
        var decision = AlertRules.Decide(false, null, T0, Policy);
        Assert.Equal(AlertAction.None, decision.Action);
        Assert.Equal(AlertState.Inactive, decision.State);
        Assert.Equal(AlertAction.None, AlertRules.Decide(false, decision.State, T0.AddHours(1), Policy).Action);
    }

    [Fact]
    public void RaisesOnceWhenTheConditionBecomesTrue()
    {
        var decision = AlertRules.Decide(true, null, T0, Policy);
        Assert.Equal(AlertAction.Raise, decision.Action);
        Assert.Equal(new AlertState(true, T0, T0, false, T0), decision.State);
    }

    [Fact]
    public void RepeatsAreDedupedUntilTheEscalation()
        => Assert.Equal(
            [AlertAction.Raise, AlertAction.None, AlertAction.None, AlertAction.None, AlertAction.Escalate, AlertAction.None, AlertAction.None],
            Run((0, true), (10, true), (59, true), (119, true), (120, true), (121, true), (3600, true)));

    [Fact]
    public void EscalationComesExactlyAtTheEscalateDelayAndOnlyOnce()
    {
        var raised = AlertRules.Decide(true, null, T0, Policy).State;
        Assert.Equal(AlertAction.None, AlertRules.Decide(true, raised, T0.AddSeconds(119.999), Policy).Action);
        var escalated = AlertRules.Decide(true, raised, T0.AddSeconds(120), Policy);
        Assert.Equal(AlertAction.Escalate, escalated.Action);
        Assert.True(escalated.State.Escalated);
        Assert.Equal(T0, escalated.State.RaisedAt);
        Assert.Equal(AlertAction.None, AlertRules.Decide(true, escalated.State, T0.AddSeconds(240), Policy).Action);
    }

    [Fact]
    public void RecoversWhenTheConditionClearsAfterARaise()
    {
        var raised = AlertRules.Decide(true, null, T0, Policy).State;
        var recovered = AlertRules.Decide(false, raised, T0.AddSeconds(30), Policy);
        Assert.Equal(AlertAction.Recover, recovered.Action);
        Assert.Equal(AlertState.Inactive with { LastRaiseSentAt = T0 }, recovered.State);
    }

    [Fact]
    public void RecoversAfterAnEscalationToo()
        => Assert.Equal([AlertAction.Raise, AlertAction.Escalate, AlertAction.Recover, AlertAction.None],
            Run((0, true), (130, true), (140, false), (150, false)));

    [Fact]
    public void FlappingWithinTheDedupeWindowIsHeldBackThenRaisedIfItPersists()
        => Assert.Equal(
            [AlertAction.Raise, AlertAction.Recover, AlertAction.None, AlertAction.None, AlertAction.Raise, AlertAction.None, AlertAction.Escalate],
            // raise at 0, clear at 10, back at 20 (held: last raise 20 s ago), still at 59, raised at 60, escalated 120 s later.
            Run((0, true), (10, false), (20, true), (59, true), (60, true), (179, true), (180, true)));

    [Fact]
    public void AHeldBackRaiseThatClearsIsNeverAnnounced()
        => Assert.Equal([AlertAction.Raise, AlertAction.Recover, AlertAction.None, AlertAction.None, AlertAction.None],
            Run((0, true), (10, false), (20, true), (30, false), (200, false)));

    [Fact]
    public void ANewEpisodeAfterTheWindowRaisesAgain()
    {
        Assert.Equal([AlertAction.Raise, AlertAction.Recover, AlertAction.Raise], Run((0, true), (10, false), (60, true)));
        AlertState? state = null;
        foreach (var (at, condition) in new[] { (0, true), (10, false), (70, true) })
            state = AlertRules.Decide(condition, state, T0.AddSeconds(at), Policy).State;
        Assert.Equal(new AlertState(true, T0.AddSeconds(70), T0.AddSeconds(70), false, T0.AddSeconds(70)), state);
    }

    [Fact]
    public void EscalationCountsFromTheRaiseNotFromTheHeldBackStart()
    {
        var actions = Run((0, true), (5, false), (30, true), (60, true), (179, true), (180, true));
        Assert.Equal([AlertAction.Raise, AlertAction.Recover, AlertAction.None, AlertAction.Raise, AlertAction.None, AlertAction.Escalate], actions);
    }

    [Fact]
    public void ZeroDedupeRaisesEveryNewEpisode()
    {
        var policy = new AlertPolicy(TimeSpan.Zero, TimeSpan.FromSeconds(120));
        var state = AlertRules.Decide(true, null, T0, policy).State;
        state = AlertRules.Decide(false, state, T0.AddSeconds(1), policy).State;
        Assert.Equal(AlertAction.Raise, AlertRules.Decide(true, state, T0.AddSeconds(1), policy).Action);
    }

    [Theory]
    [InlineData(-1, 120)]
    [InlineData(60, 0)]
    public void InvalidPoliciesAreRejected(int dedupe, int escalate)
        => Assert.Throws<ArgumentException>(() => AlertRules.Decide(true, null, T0, new AlertPolicy(TimeSpan.FromSeconds(dedupe), TimeSpan.FromSeconds(escalate))));
}
