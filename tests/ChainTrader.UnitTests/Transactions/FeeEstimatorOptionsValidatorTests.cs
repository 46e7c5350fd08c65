using ChainTrader.Adapters;
using ChainTrader.Adapters.Transactions;
using Microsoft.Extensions.Options;

namespace ChainTrader.UnitTests.Transactions;

public class FeeEstimatorOptionsValidatorTests
{
    private static readonly FeeEstimatorOptionsValidator Validator = new();

    [Fact]
    public void TheDefaultsPass() => Assert.True(Validator.Validate(null, new FeeEstimatorOptions()).Succeeded);

    [Fact]
    public void ABumpNodesWouldRefuseIsRejected()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Validator.ThrowIfInvalid(new FeeEstimatorOptions { ReplacementBumpBps = 999 }));
        Assert.Equal(["FeeEstimator:ReplacementBumpBps: 999 must be at least 1000 (+10 %): nodes refuse smaller bumps."], error.Failures);
    }

    [Fact]
    public void EveryProblemIsReportedTogether()
    {
        var result = Validator.Validate(null, new FeeEstimatorOptions
        {
            HistoryBlocks = 1025,
            RewardPercentile = 100.5m,
            MinPriorityFeePerGas = -1,
            BaseFeeMultiplier = 0,
            MaxFeePerGasCap = 0,
            ReplacementBumpBps = 500,
        });

        Assert.Equal(
        [
            "FeeEstimator:HistoryBlocks: 1025 is outside 1-1024.",
            "FeeEstimator:RewardPercentile: 100.5 is outside 0-100.",
            "FeeEstimator:MinPriorityFeePerGas: -1 cannot be negative.",
            "FeeEstimator:BaseFeeMultiplier: 0 must be at least 1.",
            "FeeEstimator:MaxFeePerGasCap: 0 must be positive.",
            "FeeEstimator:ReplacementBumpBps: 500 must be at least 1000 (+10 %): nodes refuse smaller bumps.",
        ], result.Failures);
    }
}
