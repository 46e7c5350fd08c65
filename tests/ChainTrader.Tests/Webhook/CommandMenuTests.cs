using ChainTrader.Tests.Infrastructure;
using static ChainTrader.Tests.Webhook.TelegramInFixture;

namespace ChainTrader.Tests.Webhook;

/// <summary>
/// The menus the app registers at start, as each user sees them in the stand-in (scopes resolved as Telegram does):
/// admin commands only for admins, in their private chats and, with ADMIN_CHAT_ID, in the admin chat.
/// </summary>
[Collection(TelegramInCollection.Name)]
public class CommandMenuTests(TelegramInFixture fixture)
{
    private const long AdminChat = -100_555_000;

    [Fact]
    public async Task EachRoleSeesItsOwnMenuAndAdminsTheirsInTheAdminChat()
    {
        await using var standIn = await TelegramStandIn.StartAsync(webhookSecret: null);
        var settings = fixture.Settings();
        settings["TELEGRAM_API_BASE_URL"] = standIn.BaseUrl.AbsoluteUri;
        settings["TELEGRAM_BOT_TOKEN"] = standIn.Token;
        settings["ADMIN_CHAT_ID"] = $"{AdminChat}";
        await using var app = await AppHost.StartAsync(settings, ownTimers: false);

        // Default, four listed users' private chats, and the admin chat for the admin and both super-admins.
        await standIn.WaitForCallsAsync(c => c.Count(x => x.Method == "setMyCommands" && x.Ok) == 8, TimeSpan.FromSeconds(20), "eight setMyCommands calls");

        var guest = await standIn.MenuAsync(Stranger, Stranger);
        Assert.Equal(["start", "help", "watch", "unwatch", "watches", "tx"], guest);
        var trader = await standIn.MenuAsync(Trader, Trader);
        Assert.Contains("buy", trader);
        Assert.DoesNotContain("emergency_stop", trader);
        var admin = await standIn.MenuAsync(Admin, Admin);
        Assert.Contains("emergency_stop", admin);
        // Only a super-admin may lift an emergency stop: a plain admin is not offered the command.
        Assert.DoesNotContain("emergency_resume", admin);
        Assert.Contains("emergency_resume", await standIn.MenuAsync(SuperAdmin, SuperAdmin));
        Assert.Equal(admin, await standIn.MenuAsync(AdminChat, Admin));
        Assert.Equal(await standIn.MenuAsync(SuperAdmin, SuperAdmin), await standIn.MenuAsync(AdminChat, SuperAdmin));
        Assert.Equal(guest, await standIn.MenuAsync(AdminChat, Trader));
    }
}
