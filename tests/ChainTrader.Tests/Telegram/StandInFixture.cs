using ChainTrader.Tests.Infrastructure;

namespace ChainTrader.Tests.Telegram;

/// <summary>One Telegram stand-in without flood limits, shared by a test class.</summary>
public sealed class StandInFixture : IAsyncLifetime
{
    public TelegramStandIn StandIn { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await NodeKit.EnsureInstalledAsync();
        StandIn = await TelegramStandIn.StartAsync(chatLimit: "off", globalLimit: "off");
    }

    public async Task DisposeAsync() => await StandIn.DisposeAsync();
}
