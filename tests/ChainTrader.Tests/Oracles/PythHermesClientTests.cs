using System.Net;
using ChainTrader.Adapters.Oracles;
using ChainTrader.Core.Oracles;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChainTrader.Tests.Oracles;

/// <summary>The Hermes client against the Hermes stand-in, and the rules fed from what it returns.</summary>
public class PythHermesClientTests(HermesStandIn hermes) : IClassFixture<HermesStandIn>
{
    private static readonly string Eth = FeedPresets.PythFor("ETH")!.FeedId;
    private static readonly string Btc = FeedPresets.PythFor("BTC")!.FeedId;
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private PythHermesClient Client(string? endpoint = null)
        => new(new HttpClient(), Options.Create(new PythHermesOptions { Endpoint = endpoint ?? hermes.BaseUrl.ToString() }), NullLogger<PythHermesClient>.Instance);

    [Fact]
    public async Task ReadsParsedPricesForEveryRequestedId()
    {
        await hermes.SetPriceAsync("0x" + Eth, 300012345678, 150000000, -8, Now.ToUnixTimeSeconds() - 2);
        await hermes.SetPriceAsync(Btc.ToUpperInvariant(), 6500000000000, 2000000000, -8, Now.ToUnixTimeSeconds() - 1);

        var prices = await Client().GetLatestAsync(["0x" + Eth.ToUpperInvariant(), Btc], CancellationToken.None);

        Assert.Equal(new PythPriceUpdate(Eth, 300012345678, 150000000, -8, Now.ToUnixTimeSeconds() - 2), prices[Eth]);
        Assert.Equal(6500000000000, prices[Btc].Price);
        var check = OracleRules.CheckPyth(prices[Eth].ToObservation("ETH"), new OracleOptions(), Now);
        Assert.Empty(check.Failures);
        Assert.Equal(3000.12345678m, check.Reading.Price);
    }

    [Fact]
    public async Task WideConfidenceAndOldPublishTimeReachTheRules()
    {
        await hermes.SetPriceAsync(Eth, 300000000000, 6000000000, -8, Now.ToUnixTimeSeconds() - 600);

        var price = (await Client().GetLatestAsync([Eth], CancellationToken.None))[Eth];
        var failures = OracleRules.CheckPyth(price.ToObservation("ETH"), new OracleOptions(), Now).Failures;

        Assert.Equal(new[]
        {
            "pyth ETH/USD age 600 s > max 30 s",
            "pyth ETH/USD confidence ±200 bps of price > max 100 bps",
        }, failures.Select(f => f.Message));
    }

    [Fact]
    public async Task FullLatestUrlIsAcceptedAsEndpoint()
    {
        await hermes.SetPriceAsync(Eth, 300000000000, 100000000, -8, Now.ToUnixTimeSeconds());
        var prices = await Client(new Uri(hermes.BaseUrl, "/v2/updates/price/latest").ToString()).GetLatestAsync([Eth], CancellationToken.None);
        Assert.Equal(300000000000, prices[Eth].Price);
    }

    [Fact]
    public async Task UnknownIdIsAClearError()
    {
        var unknown = new string('a', 64);
        var ex = await Assert.ThrowsAsync<PythHermesException>(() => Client().GetLatestAsync([unknown], CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, ex.Status);
        Assert.Equal($"Hermes answered 404 NotFound: Price ids not found: {unknown}", ex.Message);
    }

    [Fact]
    public async Task UnreachableHermesIsAClearError()
    {
        var ex = await Assert.ThrowsAsync<PythHermesException>(() => Client("http://127.0.0.1:1").GetLatestAsync([Eth], CancellationToken.None));
        Assert.StartsWith("Hermes could not be reached:", ex.Message);
    }

    [Theory]
    [InlineData("0x12", "Pyth feed id \"0x12\" is not 32 bytes of hex (64 hex digits, 0x optional). (Parameter 'feedId')")]
    [InlineData("zz61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace", "Pyth feed id \"zz61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace\" is not 32 bytes of hex (64 hex digits, 0x optional). (Parameter 'feedId')")]
    public async Task BadFeedIdsAreRejectedBeforeAnyRequest(string id, string message)
        => Assert.Equal(message, (await Assert.ThrowsAsync<ArgumentException>(() => Client("http://127.0.0.1:1").GetLatestAsync([id], CancellationToken.None))).Message);

    [Theory]
    [InlineData("not json", "Hermes response is not JSON")]
    [InlineData("""{"binary":{}}""", "Hermes response has no \"parsed\" array")]
    [InlineData("""{"parsed":[{"id":"ID","price":{"price":"1","conf":"-1","expo":-8,"publish_time":1}}]}""", "Hermes response parsed[0].price.conf \"-1\" is not a non-negative 64-bit integer.")]
    [InlineData("""{"parsed":[{"id":"ID","price":{"price":1,"conf":"1","expo":-8,"publish_time":1}}]}""", "Hermes response parsed[0].price.price is missing or not a string.")]
    [InlineData("""{"parsed":[{"id":"ID","price":{"price":"1","conf":"1","expo":-8.5,"publish_time":1}}]}""", "Hermes response parsed[0].price.expo is missing or not a 32-bit integer.")]
    [InlineData("""{"parsed":[{"id":"ID","price":{"price":"1","conf":"1","expo":-8}}]}""", "Hermes response parsed[0].price.publish_time is missing or not an integer.")]
    [InlineData("""{"parsed":[{"id":"ID"}]}""", "Hermes response parsed[0].price is missing or not an object.")]
    [InlineData("""{"parsed":[]}""", "Hermes response lacks feed(s) ID.")]
    [InlineData("""{"parsed":[{"id":"OTHER","price":{"price":"1","conf":"1","expo":-8,"publish_time":1}}]}""", "Hermes response parsed[0] is for feed OTHER, which was not requested.")]
    public void StrictParsingNamesWhatIsWrong(string body, string message)
    {
        var other = new string('b', 64);
        var ex = Assert.Throws<PythHermesException>(() => PythHermesClient.Parse(body.Replace("OTHER", other).Replace("ID", Eth), [Eth]));
        Assert.StartsWith(message.Replace("OTHER", other).Replace("ID", Eth), ex.Message);
    }

    [Fact]
    public void DuplicateIdsAreRejected()
    {
        var entry = $$$"""{"id":"{{{Eth}}}","price":{"price":"1","conf":"1","expo":-8,"publish_time":1}}""";
        var ex = Assert.Throws<PythHermesException>(() => PythHermesClient.Parse($"{{\"parsed\":[{entry},{entry}]}}", [Eth]));
        Assert.Equal($"Hermes response lists feed {Eth} twice.", ex.Message);
    }

    [Theory]
    [InlineData("https://hermes.pyth.network", "https://hermes.pyth.network/v2/updates/price/latest")]
    [InlineData("https://hermes.pyth.network/", "https://hermes.pyth.network/v2/updates/price/latest")]
    [InlineData("https://hermes.pyth.network/v2/updates/price/latest", "https://hermes.pyth.network/v2/updates/price/latest")]
    [InlineData("https://x.rpcpool.com/token/hermes", "https://x.rpcpool.com/token/hermes/v2/updates/price/latest")]
    public void EndpointMayBeBaseOrFullUrl(string endpoint, string expected)
        => Assert.Equal(expected, PythHermesClient.LatestUrl(endpoint).ToString());

    [Theory]
    [InlineData("hermes.pyth.network")]
    [InlineData("ftp://hermes.pyth.network")]
    [InlineData("https://hermes.pyth.network/?ids[]=1")]
    public void BadEndpointsAreRejected(string endpoint)
        => Assert.StartsWith("PYTH_HERMES_ENDPOINT must", Assert.Throws<ArgumentException>(() => PythHermesClient.LatestUrl(endpoint)).Message);

    [Fact]
    public async Task RegistrationBindsTheEndpointFromConfiguration()
    {
        await hermes.SetPriceAsync(Eth, 300000000000, 100000000, -8, Now.ToUnixTimeSeconds());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PYTH_HERMES_ENDPOINT"] = hermes.BaseUrl.ToString(),
            ["PYTH_HERMES_TIMEOUT_S"] = "3",
        }).Build();
        await using var provider = new ServiceCollection().AddLogging().AddPythHermes(configuration).BuildServiceProvider();
        var client = provider.GetRequiredService<PythHermesClient>();
        Assert.Equal(300000000000, (await client.GetLatestAsync([Eth], CancellationToken.None))[Eth].Price);
    }
}
