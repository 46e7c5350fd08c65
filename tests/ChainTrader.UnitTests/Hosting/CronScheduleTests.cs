using ChainTrader.Core.Scheduling;

namespace ChainTrader.UnitTests.Hosting;

public class CronScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 12, 0, 7, TimeSpan.Zero);

    [Theory]
    [InlineData("*/30 * * * * *", "2026-11-21T12:00:30Z")]
    [InlineData("*/10 * * * * *", "2026-11-21T12:00:10Z")]
    [InlineData("*/5 * * * * *", "2026-11-21T12:00:10Z")]
    [InlineData("0 0 * * * *", "2026-11-21T13:00:00Z")]
    [InlineData("0 */15 * * * *", "2026-11-21T12:15:00Z")]
    [InlineData("0 30 9 * * 1-5", "2026-11-23T09:30:00Z")]
    [InlineData("0 0 0 1 1 *", "2027-01-01T00:00:00Z")]
    [InlineData("15,45 * * * * *", "2026-11-21T12:00:15Z")]
    public void NextOccurrenceFollowsTheExpression(string expression, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), CronSchedule.Parse(expression).NextAfter(Start));

    [Fact]
    public void NextIsStrictlyAfterAnExactMatch()
    {
        var schedule = CronSchedule.Parse("*/30 * * * * *");
        var at = new DateTimeOffset(2026, 11, 21, 12, 0, 30, TimeSpan.Zero);
        Assert.Equal(at.AddSeconds(30), schedule.NextAfter(at));
    }

    [Theory]
    [InlineData("* * * * *", "six are required")]
    [InlineData("60 * * * * *", "second value 60 is outside 0-59")]
    [InlineData("* * 25 * * *", "hour value 25 is outside 0-23")]
    [InlineData("*/0 * * * * *", "second field \"*/0\"")]
    [InlineData("a * * * * *", "second field \"a\"")]
    [InlineData("* 30-10 * * * *", "minute range 30-10 runs backwards")]
    public void BadExpressionsSayWhatIsWrong(string expression, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => CronSchedule.Parse(expression)).Message);

    [Fact]
    public void ImpossibleDateIsReported() =>
        Assert.Contains("never fires", Assert.Throws<InvalidOperationException>(() => CronSchedule.Parse("0 0 0 30 2 *").NextAfter(Start)).Message);
}
