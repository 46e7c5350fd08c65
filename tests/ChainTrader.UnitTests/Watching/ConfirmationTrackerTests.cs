using ChainTrader.Core.Chains;

namespace ChainTrader.UnitTests.Watching;

public sealed class ConfirmationTrackerTests
{
    private const string A = "0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string B = "0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private readonly ConfirmationTracker _tracker = new(3);

    [Theory]
    [InlineData(100UL, 1UL, InclusionStatus.Included)]
    [InlineData(101UL, 2UL, InclusionStatus.Included)]
    [InlineData(102UL, 3UL, InclusionStatus.Final)]
    [InlineData(150UL, 51UL, InclusionStatus.Final)]
    public void Counts_the_including_block_as_the_first_confirmation(ulong head, ulong confirmations, InclusionStatus status)
    {
        var check = _tracker.Check(new BlockRef(100, A), head, A);
        Assert.Equal(status, check.Status);
        Assert.Equal(confirmations, check.Confirmations);
        Assert.Equal(3, check.Required);
        Assert.Equal(new BlockRef(100, A), check.Block);
    }

    [Fact]
    public void Another_hash_at_the_height_a_shorter_chain_or_no_block_means_reorged()
    {
        Assert.Equal(InclusionStatus.Reorged, _tracker.Check(new BlockRef(100, A), 105, B).Status);
        Assert.Equal(InclusionStatus.Reorged, _tracker.Check(new BlockRef(100, A), 99, A).Status);
        Assert.Equal(InclusionStatus.Reorged, _tracker.Check(new BlockRef(100, A), 105, null).Status);
        Assert.Equal(InclusionStatus.Included, _tracker.Check(new BlockRef(100, A), 100, A.ToUpperInvariant().Replace("0X", "0x")).Status);
    }

    [Fact]
    public void Receipts_follow_a_transaction_that_moves_and_ignore_a_receipt_from_a_non_canonical_block()
    {
        Assert.Equal(InclusionStatus.NotIncluded, _tracker.CheckReceipt(null, null, 10, null).Status);
        Assert.Equal(InclusionStatus.Reorged, _tracker.CheckReceipt(new BlockRef(9, A), null, 10, null).Status);
        // A lagging endpoint's receipt names a block the canonical chain does not have.
        Assert.Equal(InclusionStatus.NotIncluded, _tracker.CheckReceipt(null, new BlockRef(9, A), 10, B).Status);
        Assert.Equal(InclusionStatus.Reorged, _tracker.CheckReceipt(new BlockRef(9, A), new BlockRef(9, A), 10, B).Status);

        var moved = _tracker.CheckReceipt(new BlockRef(9, A), new BlockRef(11, B), 12, B);
        Assert.Equal(InclusionStatus.Included, moved.Status);
        Assert.Equal(new BlockRef(11, B), moved.Block);
        Assert.Equal(2UL, moved.Confirmations);
        Assert.Equal(InclusionStatus.Final, _tracker.CheckReceipt(null, new BlockRef(11, B), 13, B).Status);
    }

    [Fact]
    public void Needs_at_least_one_confirmation() =>
        Assert.Contains("At least one confirmation", Assert.Throws<ArgumentOutOfRangeException>(() => new ConfirmationTracker(0)).Message);
}
