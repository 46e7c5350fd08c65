using System.Text.Json;
using ChainTrader.Application.Configuration;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChainTrader.Tests.Configuration;

/// <summary>local.settings.sample.json is what a newcomer copies: it must start the app as it is, and every name in it must be a setting the app reads.</summary>
public class SampleSettingsTests
{
    /// <summary>Read by the Functions host itself, not by the app.</summary>
    private static readonly string[] HostOnly = ["FUNCTIONS_WORKER_RUNTIME"];

    [Fact]
    public async Task TheSampleStartsTheAppAndNamesOnlySettingsTheAppReads()
    {
        using var sample = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => (string?)p.Value.GetString());
        // A closed loopback port: the start-up setMyCommands call must not reach whatever listens on the sample's stand-in port.
        values["TELEGRAM_API_BASE_URL"] = "http://127.0.0.1:9";

        await using var app = await AppHost.StartAsync(values, ownTimers: false);

        var effective = app.Services.GetServices<IEffectiveSettingsSource>().SelectMany(s => s.Describe()).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = values.Keys.Except(HostOnly).Where(name => !effective.Contains(name)).Order(StringComparer.Ordinal).ToList();
        Assert.True(unknown.Count == 0, $"not settings the app reports: {string.Join(", ", unknown)}");
    }
}
