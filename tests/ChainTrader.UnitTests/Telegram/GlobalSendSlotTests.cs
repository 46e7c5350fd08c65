using ChainTrader.Core.Telegram;

namespace ChainTrader.UnitTests.Telegram;

public class GlobalSendSlotTests
{
    private static readonly DateTimeOffset Second = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(39, 0)]
    [InlineData(40, 1)]
    [InlineData(999, 24)]
    public void TwentyFiveSlotsOf40MsEach(int ms, int index)
    {
        var slot = GlobalSendSlot.At(Second.AddMilliseconds(ms), 25);
        Assert.Equal(new GlobalSendSlot(1_800_000_000, index), slot);
        Assert.Equal(Second.AddMilliseconds(index * 40), slot.Start(25));
    }

    [Fact]
    public void NextRollsIntoTheFollowingSecond()
    {
        Assert.Equal(new GlobalSendSlot(7, 1), new GlobalSendSlot(7, 0).Next(25));
        Assert.Equal(new GlobalSendSlot(8, 0), new GlobalSendSlot(7, 24).Next(25));
    }

    [Fact]
    public void SlotStartNeverFollowsTheTimeThatSelectedIt()
    {
        foreach (var perSecond in new[] { 1, 3, 7, 25, 30 })
            for (var ms = 0; ms < 2000; ms += 7)
            {
                var time = Second.AddMilliseconds(ms);
                var slot = GlobalSendSlot.At(time, perSecond);
                Assert.True(slot.Start(perSecond) <= time, $"{perSecond}/s at +{ms} ms: slot {slot} starts {slot.Start(perSecond):O}");
                Assert.True(slot.Next(perSecond).Start(perSecond) > time);
            }
    }

    [Fact]
    public void AnyOneSecondWindowHoldsAtMostPerSecondSlotStarts()
    {
        var starts = new List<DateTimeOffset>();
        var slot = GlobalSendSlot.At(Second, 25);
        for (var i = 0; i < 200; i++, slot = slot.Next(25)) starts.Add(slot.Start(25));
        for (var i = 0; i + 25 < starts.Count; i++)
            Assert.True(starts[i + 25] - starts[i] >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void KeysSortInTimeOrder()
    {
        var a = new GlobalSendSlot(999_999_999, 24);
        var b = new GlobalSendSlot(1_000_000_000, 0);
        Assert.True(string.CompareOrdinal(a.PartitionKey, b.PartitionKey) < 0);
        Assert.Equal("g001000000000", b.PartitionKey);
        Assert.Equal("000", b.RowKey);
        Assert.True(string.CompareOrdinal(new GlobalSendSlot(1, 9).RowKey, new GlobalSendSlot(1, 10).RowKey) < 0);
    }

    [Fact]
    public void RejectsImpossibleRates() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GlobalSendSlot.At(Second, 0));
}
