using System.Net.Sockets;
using ChainTrader.Tests.Infrastructure;

namespace ChainTrader.Tests;

/// <summary>The local stack comes up through devnet/devnet.js and describes what it deployed.</summary>
[Collection(DevnetCollection.Name)]
public class DevnetKitTests
{
    [Fact]
    public async Task DevnetManifestDescribesTheDeployedMarket()
    {
        var devnet = await LocalStack.DevnetAsync();
        var manifest = devnet.Manifest;

        Assert.Equal(31337, manifest.ChainId);
        Assert.Equal(devnet.RpcUrl, new Uri(manifest.RpcUrl));
        Assert.Equal(["deployer", "trader", "alice", "bob", "outsider"], manifest.Accounts.Select(a => a.Name));
        Assert.Equal(new Dictionary<string, int> { ["WETH"] = 18, ["USDC"] = 6, ["WBTC"] = 8 },
            manifest.Tokens.ToDictionary(t => t.Key, t => t.Value.Decimals));
        Assert.Equal(manifest.Contracts.Weth, manifest.Tokens["WETH"].Address);
        Assert.Equal(new Dictionary<string, string> { ["ETH/USD"] = "300000000000", ["BTC/USD"] = "6000000000000", ["USDC/USD"] = "100000000" },
            manifest.Feeds.ToDictionary(f => f.Key, f => f.Value.Answer));
        Assert.All(manifest.Feeds.Values, feed => Assert.Equal(8, feed.Decimals));
        Assert.Equal(["WBTC/USDC", "WBTC/WETH", "WETH/USDC"], manifest.Pairs.Keys.Order());

        string[] addresses =
        [
            manifest.Contracts.Factory, manifest.Contracts.Router, manifest.Contracts.SequencerUptimeFeed,
            .. manifest.Tokens.Values.Select(t => t.Address), .. manifest.Feeds.Values.Select(f => f.Address), .. manifest.Pairs.Values,
        ];
        Assert.All(addresses, address => Assert.Matches("^0x[0-9a-fA-F]{40}$", address));
        Assert.Equal(addresses.Length, addresses.Distinct(StringComparer.OrdinalIgnoreCase).Count());

        await AssertAcceptsTcpAsync(devnet.RpcUrl);
    }

    [Fact]
    public async Task AzuriteTableEndpointAcceptsConnections()
    {
        var azurite = await LocalStack.AzuriteAsync();

        Assert.Contains($"TableEndpoint={azurite.TableEndpoint};", azurite.ConnectionString);
        Assert.Equal("/devstoreaccount1", azurite.TableEndpoint.AbsolutePath);
        await AssertAcceptsTcpAsync(azurite.TableEndpoint);
    }

    private static async Task AssertAcceptsTcpAsync(Uri endpoint)
    {
        Assert.Equal("127.0.0.1", endpoint.Host);
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint.Host, endpoint.Port).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(client.Connected);
    }
}
