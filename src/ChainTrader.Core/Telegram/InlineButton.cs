namespace ChainTrader.Core.Telegram;

/// <summary>An inline keyboard button; <see cref="CallbackData"/> is at most 64 bytes (Telegram's limit).</summary>
public sealed record InlineButton(string Text, string CallbackData);
