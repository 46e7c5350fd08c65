using System.Text.Json.Serialization;

namespace ChainTrader.Functions.Functions.TelegramWebhook;

/// <summary>The parts of a Telegram Update the bot acts on (Bot API "Update"); every other field is ignored.</summary>
public sealed record TelegramUpdate(
    [property: JsonPropertyName("update_id")] long UpdateId,
    [property: JsonPropertyName("message")] TelegramMessage? Message,
    [property: JsonPropertyName("callback_query")] TelegramCallbackQuery? CallbackQuery);

public sealed record TelegramMessage(
    [property: JsonPropertyName("message_id")] long MessageId,
    [property: JsonPropertyName("from")] TelegramUser? From,
    [property: JsonPropertyName("chat"), JsonRequired] TelegramChat Chat,
    [property: JsonPropertyName("date")] long Date,
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("reply_markup")] TelegramInlineKeyboard? ReplyMarkup = null)
{
    /// <summary>True when one of the message's inline buttons carries exactly this callback data.</summary>
    public bool HasButtonWithData(string data) =>
        ReplyMarkup?.InlineKeyboard?.Any(row => row?.Any(button => button?.CallbackData == data) == true) == true;
}

public sealed record TelegramInlineKeyboard(
    [property: JsonPropertyName("inline_keyboard")] IReadOnlyList<IReadOnlyList<TelegramInlineButton?>?>? InlineKeyboard);

public sealed record TelegramInlineButton(
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("callback_data")] string? CallbackData);

public sealed record TelegramUser(
    [property: JsonPropertyName("id"), JsonRequired] long Id,
    [property: JsonPropertyName("is_bot")] bool IsBot,
    [property: JsonPropertyName("first_name")] string? FirstName,
    [property: JsonPropertyName("username")] string? Username);

public sealed record TelegramChat(
    [property: JsonPropertyName("id"), JsonRequired] long Id,
    [property: JsonPropertyName("type")] string? Type);

public sealed record TelegramCallbackQuery(
    [property: JsonPropertyName("id"), JsonRequired] string Id,
    [property: JsonPropertyName("from"), JsonRequired] TelegramUser From,
    [property: JsonPropertyName("message")] TelegramMessage? Message,
    [property: JsonPropertyName("data")] string? Data);

/// <summary>
/// A Bot API call returned as the webhook's answer (Telegram executes it); used for answerCallbackQuery so pressing a
/// button gets its toast without an extra outbound request.
/// </summary>
public sealed record WebhookMethodReply(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("callback_query_id")] string CallbackQueryId,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("show_alert")] bool ShowAlert);

// What the handlers rely on is required and non-null: an update without it fails to deserialize (400) instead of
// failing later with a null reference (500), which Telegram would redeliver ahead of every later update.
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(TelegramUpdate))]
[JsonSerializable(typeof(WebhookMethodReply))]
internal sealed partial class TelegramUpdateJson : JsonSerializerContext;
