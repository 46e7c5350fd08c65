using ChainTrader.Core.Telegram;

namespace ChainTrader.UnitTests.Telegram;

public class ChatPacingTests
{
    private static readonly TelegramRateLimits Limits = TelegramRateLimits.Default;
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Fact]
    public void AnUntouchedChatMaySendAtOnce() =>
        Assert.Equal(DateTimeOffset.MinValue, Limits.EarliestNextSend(5, [], null));

    [Fact]
    public void PrivateChatsAreSpacedByTheChatInterval()
    {
        var sends = Limits.Record(5, [], T0);
        Assert.Equal(T0 + Limits.ChatInterval, Limits.EarliestNextSend(5, sends, null));
        Assert.True(Limits.ChatInterval > TimeSpan.FromSeconds(1), "under 1 msg/s means strictly more than a second apart");
        Assert.Single(Limits.Record(5, sends, T0.AddSeconds(2)));
    }

    [Fact]
    public void RetryAfterWinsWhenLater()
    {
        var sends = Limits.Record(5, [], T0);
        Assert.Equal(T0.AddSeconds(30), Limits.EarliestNextSend(5, sends, T0.AddSeconds(30)));
        Assert.Equal(T0 + Limits.ChatInterval, Limits.EarliestNextSend(5, sends, T0));
    }

    [Fact]
    public void GroupsSendAtMost20PerMinute()
    {
        const long group = -1001234;
        IReadOnlyList<DateTimeOffset> sends = [];
        var times = new List<DateTimeOffset>();
        var now = T0;
        for (var i = 0; i < 45; i++)
        {
            var at = Limits.EarliestNextSend(group, sends, null);
            now = at > now ? at : now;
            times.Add(now);
            sends = Limits.Record(group, sends, now);
        }
        for (var i = 0; i + 20 < times.Count; i++)
            Assert.True(times[i + 20] - times[i] >= TimeSpan.FromMinutes(1), $"sends {i} and {i + 20} are {times[i + 20] - times[i]} apart");
        // The first 20 go out at the chat pace, not spread over the minute.
        Assert.Equal(Limits.ChatInterval * 19, times[19] - times[0]);
        Assert.Equal(20, sends.Count);
    }

    [Fact]
    public void SendTimesRoundTripThroughTheirStoredForm()
    {
        IReadOnlyList<DateTimeOffset> sends = [T0, T0.AddMilliseconds(1500), T0.AddSeconds(3)];
        var text = TelegramRateLimits.EncodeSends(sends);
        Assert.Equal("1800000000000,1800000001500,1800000003000", text);
        Assert.Equal(sends, TelegramRateLimits.DecodeSends(text));
        Assert.Empty(TelegramRateLimits.DecodeSends(""));
        Assert.Contains("\"x\"", Assert.Throws<FormatException>(() => TelegramRateLimits.DecodeSends("1,x")).Message);
    }
}
