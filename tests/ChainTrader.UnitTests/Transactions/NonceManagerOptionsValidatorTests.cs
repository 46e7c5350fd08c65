using ChainTrader.Adapters.Transactions;

namespace ChainTrader.UnitTests.Transactions;

public class NonceManagerOptionsValidatorTests
{
    private static readonly NonceManagerOptionsValidator Validator = new();

    [Fact]
    public void TheDefaultsPass() => Assert.True(Validator.Validate(null, new NonceManagerOptions()).Succeeded);

    [Fact]
    public void EveryProblemIsReportedTogether() =>
        Assert.Equal(
        [
            "NonceManager:AbandonAfter: 00:00:00 must be positive.",
            "NonceManager:MaxConflictRetries: 0 must be at least 1.",
        ], Validator.Validate(null, new NonceManagerOptions { AbandonAfter = TimeSpan.Zero, MaxConflictRetries = 0 }).Failures);
}
