using ChainTrader.Core.Telegram;
using Telegram.Bot.Types.ReplyMarkups;

namespace ChainTrader.Adapters.Telegram;

public static class InlineKeyboards
{
    /// <summary>Our buttons as Telegram's inline keyboard; null (no keyboard, which removes one on edit) when there are none.</summary>
    public static InlineKeyboardMarkup? Markup(IReadOnlyList<IReadOnlyList<InlineButton>>? keyboard) =>
        keyboard is null || keyboard.Count == 0
            ? null
            : new InlineKeyboardMarkup(keyboard.Select(row => row.Select(b => b.Url is { } url ? InlineKeyboardButton.WithUrl(b.Text, url) : InlineKeyboardButton.WithCallbackData(b.Text, b.CallbackData!))));
}
