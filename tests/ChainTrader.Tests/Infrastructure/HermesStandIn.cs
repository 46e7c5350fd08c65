using System.Net.Http.Json;

namespace ChainTrader.Tests.Infrastructure;

/// <summary>
/// The Hermes stand-in (devnet/hermes-standin/server.js) on a free loopback port, one per test class. It has no npm
/// dependencies, so it starts in well under a second.
/// </summary>
public sealed class HermesStandIn : IAsyncLifetime
{
    private ChildProcess? _process;
    private readonly HttpClient _control = new();

    public Uri BaseUrl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _process = await ChildProcess.StartAsync("node", [Path.Combine("hermes-standin", "server.js")], RepoPaths.Devnet, TimeSpan.FromSeconds(30));
        BaseUrl = new Uri(_process.Ready.GetProperty("baseUrl").GetString()!);
    }

    /// <summary>Serves this price for <paramref name="id"/> from now on (any values Hermes could send).</summary>
    public async Task SetPriceAsync(string id, long price, long conf, int expo, long publishTime)
    {
        using var response = await _control.PostAsJsonAsync(new Uri(BaseUrl, "/_standin/prices"),
            new { id, price = price.ToString(System.Globalization.CultureInfo.InvariantCulture), conf = conf.ToString(System.Globalization.CultureInfo.InvariantCulture), expo, publish_time = publishTime });
        response.EnsureSuccessStatusCode();
    }

    public async Task ClearAsync() => (await _control.DeleteAsync(new Uri(BaseUrl, "/_standin/prices"))).EnsureSuccessStatusCode();

    public async Task DisposeAsync()
    {
        _control.Dispose();
        if (_process is not null)
            await _process.DisposeAsync();
    }
}
