using ChainTrader.Application.Notifications;

namespace ChainTrader.UnitTests.Notifications;

public class TelegramDeliveryOptionsValidatorTests
{
    private static readonly TelegramDeliveryOptionsValidator Validator = new();

    [Fact]
    public void TheDefaultsAndTheLeastAllowedValuesPass()
    {
        Assert.True(Validator.Validate(null, new TelegramDeliveryOptions()).Succeeded);
        Assert.True(Validator.Validate(null, new TelegramDeliveryOptions
        {
            LeaseDuration = TimeSpan.FromSeconds(2),
            MaxInlineWait = TimeSpan.FromTicks(1),
            SlotHorizon = TimeSpan.FromMilliseconds(100),
        }).Succeeded);
    }

    [Fact]
    public void EveryProblemIsReportedTogether() =>
        Assert.Equal(
        [
            "TelegramDelivery:LeaseDuration: 00:00:01.9990000 is below 2 s.",
            "TelegramDelivery:MaxInlineWait: 00:00:00 must be positive.",
            "TelegramDelivery:SlotHorizon: 00:00:00.0990000 is below 100 ms.",
        ], Validator.Validate(null, new TelegramDeliveryOptions
        {
            LeaseDuration = TimeSpan.FromMilliseconds(1_999),
            MaxInlineWait = TimeSpan.Zero,
            SlotHorizon = TimeSpan.FromMilliseconds(99),
        }).Failures);
}
