using ChainTrader.Adapters.Transactions;

namespace ChainTrader.UnitTests.Transactions;

public class GasEstimatorOptionsValidatorTests
{
    private static readonly GasEstimatorOptionsValidator Validator = new();

    [Fact]
    public void TheDefaultsAndAPlainTransfersGasPass()
    {
        Assert.True(Validator.Validate(null, new GasEstimatorOptions()).Succeeded);
        Assert.True(Validator.Validate(null, new GasEstimatorOptions { MaxGas = 21_000, MarginPercent = 500 }).Succeeded);
    }

    [Fact]
    public void EveryProblemIsReportedTogether() =>
        Assert.Equal(
        [
            "GasEstimator:MarginPercent: -1 is outside 0-500.",
            "GasEstimator:MaxGas: 20999 is below 21000, the cost of a plain transfer.",
        ], Validator.Validate(null, new GasEstimatorOptions { MarginPercent = -1, MaxGas = 20_999 }).Failures);
}
