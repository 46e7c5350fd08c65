using ChainTrader.Adapters;
using ChainTrader.Adapters.Rpc;
using Microsoft.Extensions.Options;

namespace ChainTrader.UnitTests.Rpc;

public class RpcPoolOptionsValidatorTests
{
    private static readonly RpcPoolOptionsValidator Validator = new();

    [Fact]
    public void TheDefaultsPass() => Assert.True(Validator.Validate(null, new RpcPoolOptions()).Succeeded);

    [Fact]
    public void ABreakerBelowPollysMinimumIsRejectedWithTheReason()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Validator.ThrowIfInvalid(new RpcPoolOptions { BreakerFailureThreshold = 1 }));
        Assert.Equal(["RpcPool:BreakerFailureThreshold: 1 must be at least 2."], error.Failures);
    }

    [Fact]
    public void EveryProblemIsReportedTogether()
    {
        var result = Validator.Validate(null, new RpcPoolOptions
        {
            RequestTimeout = TimeSpan.Zero,
            MaxRetryAttempts = -1,
            RetryBaseDelay = TimeSpan.FromSeconds(-1),
            BreakerFailureThreshold = 0,
            BreakDuration = TimeSpan.FromMilliseconds(499),
            LastResortTrialInterval = TimeSpan.FromSeconds(1),
            LagPenaltyPerBlock = TimeSpan.FromMilliseconds(-1),
        });

        Assert.Equal(
        [
            "RpcPool:RequestTimeout: 00:00:00 must be positive.",
            "RpcPool:MaxRetryAttempts: -1 cannot be negative.",
            "RpcPool:RetryBaseDelay: -00:00:01 cannot be negative.",
            "RpcPool:BreakerFailureThreshold: 0 must be at least 2.",
            "RpcPool:BreakDuration: 00:00:00.4990000 must be at least 0.5 s.",
            "RpcPool:LastResortTrialInterval: 00:00:01 must be positive and at most RpcPool:BreakDuration (00:00:00.4990000).",
            "RpcPool:LagPenaltyPerBlock: -00:00:00.0010000 cannot be negative.",
        ], result.Failures);
    }
}
