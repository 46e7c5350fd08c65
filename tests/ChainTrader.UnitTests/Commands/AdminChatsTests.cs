using ChainTrader.Core.Commands;

namespace ChainTrader.UnitTests.Commands;

/// <summary>Where admin commands may run (issue 12, 11): the admin's own private chat, or the configured admin chat.</summary>
public class AdminChatsTests
{
    private const long Admin = 2002, Stranger = 9009, AdminGroup = -1001234567890;

    [Theory]
    [InlineData(Admin, "private", null, true)]          // the admin's own private chat
    [InlineData(Stranger, "private", null, false)]      // a forged from.id in someone else's private chat
    [InlineData(Admin, "group", null, false)]           // a group whose id happens to equal the user id is not a private chat
    [InlineData(AdminGroup, "supergroup", null, false)] // no admin chat configured
    [InlineData(AdminGroup, "supergroup", AdminGroup, true)]
    [InlineData(-1009876543210, "supergroup", AdminGroup, false)]
    [InlineData(Admin, null, null, false)]              // a chat without a type is not known to be private
    public void AllowsOnlyThePrivateChatOfTheSenderOrTheAdminChat(long chatId, string? chatType, long? adminChat, bool allowed) =>
        Assert.Equal(allowed, AdminChats.Allows(chatId, chatType, Admin, adminChat));
}
