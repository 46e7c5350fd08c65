using ChainTrader.Adapters.Storage;

namespace ChainTrader.UnitTests.Storage;

public class TableStorageOptionsValidatorTests
{
    private static readonly TableStorageOptionsValidator Validator = new();

    [Fact]
    public void TheDefaultsPass() => Assert.True(Validator.Validate(null, new TableStorageOptions()).Succeeded);

    [Theory]
    [InlineData(0, true)]
    [InlineData(20, true)]
    [InlineData(-1, false)]
    [InlineData(21, false)]
    public void RetriesAreBoundedToTwenty(int retries, bool valid) =>
        Assert.Equal(valid, Validator.Validate(null, new TableStorageOptions { MaxRetryAttempts = retries }).Succeeded);

    [Fact]
    public void EveryProblemIsReportedTogether()
    {
        var result = Validator.Validate(null, new TableStorageOptions
        {
            MaxRetryAttempts = 21,
            RetryBaseDelay = TimeSpan.FromSeconds(2),
            RetryMaxDelay = TimeSpan.FromSeconds(1),
            AttemptTimeout = TimeSpan.Zero,
        });

        Assert.Equal(
        [
            "TableStorage:MaxRetryAttempts: 21 is outside 0-20.",
            "TableStorage:RetryMaxDelay: 00:00:01 is below TableStorage:RetryBaseDelay (00:00:02).",
            "TableStorage:AttemptTimeout: 00:00:00 must be positive.",
        ], result.Failures);
    }

    [Fact]
    public void ANonPositiveBaseDelayIsRejected() =>
        Assert.Equal(["TableStorage:RetryBaseDelay: 00:00:00 must be positive."],
            Validator.Validate(null, new TableStorageOptions { RetryBaseDelay = TimeSpan.Zero }).Failures);
}
