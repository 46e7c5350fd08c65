using ChainTrader.Core.Chat;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;

namespace ChainTrader.Application.Commands;

/// <summary>What the handlers need of Telegram.Bot's Update model beyond what its JSON settings check.</summary>
public static class WebhookUpdates
{
    /// <summary>
    /// The JSON path of the first field the handlers rely on that the update lacks, or null when it has them all. The
    /// library's model makes every field optional (a missing id reads as 0, a missing object as null); Telegram never
    /// sends a user, chat or query id of 0, so 0 means absent. Such an update is refused with 400 instead of failing
    /// later with a null reference (500), which Telegram would redeliver ahead of every later update.
    /// </summary>
    public static string? MissingField(Update update)
    {
        if (update.Message is { } message)
            return MissingInMessage(message, "$.message") ?? (message.From is { Id: 0 } ? "$.message.from.id" : null);
        if (update.CallbackQuery is { } callback)
        {
            if (string.IsNullOrEmpty(callback.Id)) return "$.callback_query.id";
            if (callback.From is null) return "$.callback_query.from";
            if (callback.From.Id == 0) return "$.callback_query.from.id";
            if (callback.Message is { } pressed) return MissingInMessage(pressed, "$.callback_query.message");
        }
        return null;
    }

    private static string? MissingInMessage(Message message, string path) =>
        message.Chat is null ? $"{path}.chat" : message.Chat.Id == 0 ? $"{path}.chat.id" : null;

    /// <summary>True when one of the message's inline buttons carries exactly this callback data.</summary>
    public static bool HasButtonWithData(this Message message, string data) =>
        message.ReplyMarkup?.InlineKeyboard?.Any(row => row?.Any(button => button?.CallbackData == data) == true) == true;

    /// <summary>
    /// answerCallbackQuery as the webhook's answer (Telegram executes it), so pressing a button gets its toast without an
    /// extra outbound request. A toast holds 200 characters; a longer text is shortened without cutting a character.
    /// </summary>
    public static AnswerCallbackQueryRequest Answer(CallbackQuery callback, string text) =>
        new() { CallbackQueryId = callback.Id, Text = ChatText.Shorten(text, 190), ShowAlert = false, IsWebhookResponse = true };
}
