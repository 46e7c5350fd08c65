using System.Text.Json;
using ChainTrader.Core.Trades;
using ChainTrader.Functions.Hosting.Durable;

namespace ChainTrader.UnitTests.Hosting;

/// <summary>
/// A Confirm pressed in time reaches its trade after at most the control queue's visibility timeout (a worker that died
/// holding the event hides it that long); the trade must wait longer than that before it expires an unpressed quote.
/// </summary>
public sealed class DurableVisibilityTests
{
    [Fact]
    public void BothHostsHideAControlMessageForLessThanATradeWaitsForALatePress()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json")));
        var functionsHost = TimeSpan.Parse(host.RootElement.GetProperty("extensions").GetProperty("durableTask").GetProperty("storageProvider")
            .GetProperty("controlQueueVisibilityTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var standalone = new DurableEngineOptions().DurableMessageVisibilityTimeout;

        Assert.Equal(standalone, functionsHost);
        Assert.True(new TradeTimings().PressArrivalGrace > standalone,
            $"PressArrivalGrace {new TradeTimings().PressArrivalGrace} does not outlast the visibility timeout {standalone}");
    }
}
