namespace ChainTrader.Core.Telegram;

/// <summary>
/// An inline keyboard button. Pressing it sends <see cref="CallbackData"/> (1-64 bytes, Telegram's limit) to the bot or,
/// for a link button (<see cref="Link"/>), opens <see cref="Url"/>; a button has exactly one of the two.
/// </summary>
public sealed record InlineButton(string Text, string? CallbackData, string? Url = null)
{
    public static InlineButton Link(string text, string url) => new(text, null, url);
}
