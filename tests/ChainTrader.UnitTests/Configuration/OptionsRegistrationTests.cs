using ChainTrader.Adapters.Oracles;
using ChainTrader.Adapters.Storage;
using ChainTrader.Application.Notifications;
using ChainTrader.Application.Trades;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChainTrader.UnitTests.Configuration;

/// <summary>The validators are registered with ValidateOnStart where the options are bound: a bad setting stops the start.</summary>
public class OptionsRegistrationTests
{
    private static IReadOnlyList<string> StartupFailures(Action<IServiceCollection, IConfiguration> register, Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        register(services, configuration);
        using var provider = services.BuildServiceProvider();
        var startup = provider.GetRequiredService<IStartupValidator>();
        try
        {
            startup.Validate();
            return [];
        }
        catch (OptionsValidationException single) { return [.. single.Failures]; }
        catch (AggregateException several) { return [.. several.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures)]; }
    }

    [Fact]
    public void TableStorageSettingsAreCheckedAtStart() =>
        Assert.Equal(
            ["TableStorage:MaxRetryAttempts: 30 is outside 0-20.", "TableStorage:AttemptTimeout: 00:00:00 must be positive."],
            StartupFailures((s, c) => s.AddTableStorage(c), new() { ["TableStorage:MaxRetryAttempts"] = "30", ["TableStorage:AttemptTimeout"] = "00:00:00" }));

    [Fact]
    public void TelegramDeliverySettingsAreBoundAndCheckedAtStart() =>
        Assert.Contains("TelegramDelivery:LeaseDuration: 00:00:01 is below 2 s.",
            StartupFailures((s, c) => s.AddTelegramDelivery(c), new() { ["TelegramDelivery:LeaseDuration"] = "00:00:01" }));

    [Fact]
    public void TradeTimingsAreCheckedAtStartWithEveryProblem()
    {
        var failures = StartupFailures((s, c) => s.AddTrading(c), new() { ["Trades:QuoteTtl"] = "00:00:00", ["Trades:FeeBumpPercent"] = "5" });
        Assert.Contains(failures, f => f.StartsWith("Trades:QuoteTtl must be positive", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Trades:FeeBumpPercent must be at least 10", StringComparison.Ordinal));
    }

    [Fact]
    public void PythHermesSettingsAreCheckedAtStart() =>
        Assert.Equal(["PYTH_HERMES_TIMEOUT_S: -1 must be above 0."],
            StartupFailures((s, c) => s.AddPythHermes(c), new() { ["PYTH_HERMES_TIMEOUT_S"] = "-1" }));
}
