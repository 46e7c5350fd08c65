using ChainTrader.Adapters.Oracles;

namespace ChainTrader.UnitTests.Oracles;

public class PythHermesOptionsValidatorTests
{
    private static readonly PythHermesOptionsValidator Validator = new();

    [Fact]
    public void TheDefaultsPass() => Assert.True(Validator.Validate(null, new PythHermesOptions()).Succeeded);

    [Fact]
    public void ANonPositiveTimeoutIsRejectedWithoutEchoingTheEndpoint()
    {
        var failures = Validator.Validate(null, new PythHermesOptions { Endpoint = "https://token-123@hermes.example/", TimeoutSeconds = 0 }).Failures;
        Assert.Equal(["PYTH_HERMES_TIMEOUT_S: 0 must be above 0."], failures);
    }
}
