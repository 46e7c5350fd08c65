using ChainTrader.Adapters.Transactions;

namespace ChainTrader.UnitTests.Transactions;

public class NonceStateTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A state from a picture of the nonces from 10 up: R reserved, S signed, _ released; the next fresh one follows.</summary>
    private static NonceState State(string picture) => new(10 + (ulong)picture.Length, picture.Select((c, i) => new NonceEntry(10 + (ulong)i, c switch
    {
        'R' => NonceEntryStatus.Reserved,
        'S' => NonceEntryStatus.Signed,
        _ => NonceEntryStatus.Released,
    }, At, c == 'S' ? "0xabc" : null)).ToList());

    [Theory]
    // Nothing handed back: the run is fresh, at the next nonce.
    [InlineData("", 1, 10UL)]
    [InlineData("", 2, 10UL)]
    [InlineData("SR", 2, 12UL)]
    // Released nonces are reused where the whole run fits in them...
    [InlineData("S__S", 2, 11UL)]
    [InlineData("_S", 1, 10UL)]
    // ... or where it runs on past the top into fresh nonces.
    [InlineData("S_", 2, 11UL)]
    // A lone released nonce between nonces in use cannot start a pair: the pair goes to the next place it fits.
    [InlineData("S_S", 2, 13UL)]
    [InlineData("_S__", 2, 12UL)]
    [InlineData("_S_S", 2, 14UL)]
    public void ARunStartsAtTheLowestPlaceAllItsNoncesAreFree(string picture, int count, ulong expected) =>
        Assert.Equal(expected, State(picture).FirstFreeRun(count));

    [Theory]
    [InlineData("", new ulong[0])]
    [InlineData("SR", new ulong[0])]
    // Released at the top blocks nothing.
    [InlineData("S__", new ulong[0])]
    // Released below a nonce in use (reserved or signed) is a hole, wherever it is.
    [InlineData("_S", new ulong[] { 10 })]
    [InlineData("S_R", new ulong[] { 11 })]
    [InlineData("_S__R_", new ulong[] { 10, 12, 13 })]
    public void ReleasedNoncesBelowOneInUseAreHoles(string picture, ulong[] expected) =>
        Assert.Equal(expected, State(picture).Holes());

    [Fact]
    public void ARunHasAtLeastOneNonce() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => State("S").FirstFreeRun(0));
}
