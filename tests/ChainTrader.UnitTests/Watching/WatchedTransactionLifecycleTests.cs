using ChainTrader.Core.Chains;
using ChainTrader.Core.Watching;

namespace ChainTrader.UnitTests.Watching;

public sealed class WatchedTransactionLifecycleTests
{
    private static readonly BlockRef InBlock10 = new(10, "0x" + new string('a', 64));
    private static readonly BlockRef InBlock12 = new(12, "0x" + new string('c', 64));
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private readonly ConfirmationTracker _tracker = new(3);

    [Fact]
    public void First_sight_is_seen_depth_is_final_and_then_nothing_is_followed()
    {
        var (state, notice) = WatchedTransactionLifecycle.Found(null, InBlock10);
        Assert.Equal(new WatchNotice(WatchNoticeKind.Seen, 0), notice);
        Assert.Equal("notified:0xab:7:seen", notice!.DedupeKey("0xAB", 7));

        var (same, none) = WatchedTransactionLifecycle.Found(state, InBlock10);
        Assert.Equal(state, same);
        Assert.Null(none);
        Assert.Equal((state, null), WatchedTransactionLifecycle.Checked(state, _tracker.Check(InBlock10, 11, InBlock10.Hash), Now));

        var (done, final) = WatchedTransactionLifecycle.Checked(state, _tracker.Check(InBlock10, 12, InBlock10.Hash), Now);
        Assert.Null(done);
        Assert.Equal("final", final!.Type);
    }

    [Fact]
    public void Removal_back_and_a_second_removal_each_have_their_own_key()
    {
        var (state, _) = WatchedTransactionLifecycle.Found(null, InBlock10);
        var (removed, correction) = WatchedTransactionLifecycle.Checked(state, _tracker.Check(InBlock10, 11, "0x" + new string('b', 64)), Now);
        Assert.Equal("removed1", correction!.Type);
        Assert.False(removed!.InChain);
        Assert.Equal(Now, removed.RemovedAt);

        // Checking a removed transaction again says nothing more.
        Assert.Equal((removed, null), WatchedTransactionLifecycle.Checked(removed, _tracker.Check(InBlock10, 13, null), Now.AddHours(1)));

        var (back, backNotice) = WatchedTransactionLifecycle.Found(removed, InBlock12);
        Assert.Equal("back1", backNotice!.Type);
        Assert.Equal(new WatchedTransactionState(InBlock12, true, 1, null), back);

        var (removedAgain, second) = WatchedTransactionLifecycle.Checked(back, _tracker.Check(InBlock12, 12, null), Now);
        Assert.Equal("removed2", second!.Type);
        Assert.Equal("back2", WatchedTransactionLifecycle.Found(removedAgain, InBlock10).Notice!.Type);
    }

    [Fact]
    public void A_move_to_another_block_is_silent_and_counts_from_the_new_block()
    {
        var (state, _) = WatchedTransactionLifecycle.Found(null, InBlock10);
        var (moved, notice) = WatchedTransactionLifecycle.Found(state, InBlock12);
        Assert.Null(notice);
        Assert.Equal(InBlock12, moved.Block);
        Assert.Equal(InclusionStatus.Included, _tracker.Check(moved.Block, 13, InBlock12.Hash).Status);
    }

    [Fact]
    public void A_removed_transaction_is_forgotten_after_the_dedupe_retention()
    {
        var removed = new WatchedTransactionState(InBlock10, false, 1, Now);
        var check = _tracker.Check(InBlock10, 20, null);
        Assert.NotNull(WatchedTransactionLifecycle.Checked(removed, check, Now + WatchedTransactionLifecycle.RemovedRetention - TimeSpan.FromSeconds(1)).State);
        Assert.Equal((null, null), WatchedTransactionLifecycle.Checked(removed, check, Now + WatchedTransactionLifecycle.RemovedRetention));
    }
}
