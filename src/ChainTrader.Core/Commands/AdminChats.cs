namespace ChainTrader.Core.Commands;

/// <summary>
/// Where admin and super-admin commands may run. A sender's id alone is not enough: it is only as trustworthy as the
/// update carrying it, and a command run in someone else's chat would also answer there. So an admin command runs only
/// in the admin's own private chat with the bot (a private chat's id is its user's id) or in the configured admin chat.
/// </summary>
public static class AdminChats
{
    public const string PrivateChatType = "private";

    /// <param name="adminChatId">ADMIN_CHAT_ID, or null when none is configured.</param>
    public static bool Allows(long chatId, string? chatType, long userId, long? adminChatId) =>
        (chatType == PrivateChatType && chatId == userId) || (adminChatId is { } admin && chatId == admin);
}
