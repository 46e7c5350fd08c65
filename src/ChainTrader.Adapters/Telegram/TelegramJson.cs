using System.Text.Json.Serialization;

namespace ChainTrader.Adapters.Telegram;

/// <summary>The bot as getMe describes it.</summary>
public sealed record TelegramUser(long Id, bool IsBot, string FirstName, string? Username);

public sealed record TelegramChat(long Id, string Type);

/// <summary>The parts of a sent or edited Message ChainTrader uses.</summary>
public sealed record TelegramMessage(long MessageId, TelegramChat Chat, long Date, string? Text);

public sealed record TelegramWebhookInfo(
    string Url,
    bool HasCustomCertificate,
    int PendingUpdateCount,
    long? LastErrorDate,
    string? LastErrorMessage,
    int? MaxConnections,
    IReadOnlyList<string>? AllowedUpdates);

/// <summary>One entry of the bot's command menu (command: 1-32 of a-z, 0-9, _; description: 1-256 characters).</summary>
public sealed record BotCommand(string Command, string Description);

/// <summary>Where a command list applies (BotCommandScope): everyone, or one chat (e.g. admin commands in an admin's chat).</summary>
public sealed record BotCommandScope(string Type, long? ChatId = null)
{
    public static BotCommandScope Default { get; } = new("default");
    public static BotCommandScope AllPrivateChats { get; } = new("all_private_chats");
    public static BotCommandScope Chat(long chatId) => new("chat", chatId);
}

internal sealed record TelegramResponse<T>(bool Ok, T? Result, int? ErrorCode, string? Description, TelegramResponseParameters? Parameters);

internal sealed record TelegramResponseParameters(int? RetryAfter, long? MigrateToChatId);

internal sealed record InlineKeyboardMarkup(IReadOnlyList<IReadOnlyList<InlineKeyboardButton>> InlineKeyboard);

internal sealed record InlineKeyboardButton(string Text, string CallbackData);

internal sealed record LinkPreviewOptions(bool IsDisabled);

internal sealed record SendMessageRequest(long ChatId, string Text, string ParseMode, InlineKeyboardMarkup? ReplyMarkup, LinkPreviewOptions LinkPreviewOptions);

internal sealed record EditMessageTextRequest(long ChatId, long MessageId, string Text, string ParseMode, InlineKeyboardMarkup? ReplyMarkup, LinkPreviewOptions LinkPreviewOptions);

internal sealed record AnswerCallbackQueryRequest(string CallbackQueryId, string? Text, bool? ShowAlert);

internal sealed record SetMyCommandsRequest(IReadOnlyList<BotCommand> Commands, BotCommandScope? Scope);

internal sealed record SetWebhookRequest(string Url, string? SecretToken, IReadOnlyList<string>? AllowedUpdates, bool DropPendingUpdates);

internal sealed record DeleteWebhookRequest(bool DropPendingUpdates);

internal sealed record EmptyRequest;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TelegramResponse<TelegramUser>))]
[JsonSerializable(typeof(TelegramResponse<TelegramMessage>))]
[JsonSerializable(typeof(TelegramResponse<TelegramWebhookInfo>))]
[JsonSerializable(typeof(TelegramResponse<bool>))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(EditMessageTextRequest))]
[JsonSerializable(typeof(AnswerCallbackQueryRequest))]
[JsonSerializable(typeof(SetMyCommandsRequest))]
[JsonSerializable(typeof(SetWebhookRequest))]
[JsonSerializable(typeof(DeleteWebhookRequest))]
[JsonSerializable(typeof(EmptyRequest))]
internal sealed partial class TelegramJsonContext : JsonSerializerContext;
