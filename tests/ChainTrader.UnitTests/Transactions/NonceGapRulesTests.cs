using ChainTrader.Core.Trades;

namespace ChainTrader.UnitTests.Transactions;

public class NonceGapRulesTests
{
    [Theory]
    // A running trade's dropped transaction is resent; while the node still has it (queued behind a gap), or before it is signed, it waits.
    [InlineData(true, NonceOwner.Live, false, false, NonceRemedy.Resend)]
    [InlineData(true, NonceOwner.Live, true, false, NonceRemedy.Wait)]
    [InlineData(false, NonceOwner.Live, false, false, NonceRemedy.Wait)]
    // Nobody will broadcast it again: filled, even over stale bytes the node still queues (an ended trade must never execute later).
    [InlineData(true, NonceOwner.Ended, false, false, NonceRemedy.Fill)]
    [InlineData(true, NonceOwner.Ended, true, false, NonceRemedy.Fill)]
    [InlineData(true, NonceOwner.Gone, false, false, NonceRemedy.Fill)]
    [InlineData(false, NonceOwner.Gone, false, false, NonceRemedy.Fill)]
    [InlineData(true, NonceOwner.Unclaimed, false, false, NonceRemedy.Fill)]
    // An unclaimed reservation younger than the signing grace may be a worker's about to record it.
    [InlineData(false, NonceOwner.Unclaimed, false, true, NonceRemedy.Wait)]
    // Never signed and claimed by nobody: the signing store gives it back for reuse, so it is not filled (no gas spent)...
    [InlineData(false, NonceOwner.Unclaimed, false, false, NonceRemedy.Wait)]
    // ... unless a signed transaction of ours above it waits for it.
    [InlineData(false, NonceOwner.Unclaimed, false, false, NonceRemedy.Fill, true)]
    public void EachStuckNonceGetsOneRemedy(bool signed, NonceOwner owner, bool knownToNode, bool inFlight, NonceRemedy expected, bool signedAbove = false) =>
        Assert.Equal(expected, NonceGapRules.Remedy(new StuckNonce(7, signed, owner, knownToNode, inFlight, signedAbove)));
}
