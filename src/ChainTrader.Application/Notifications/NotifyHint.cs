using System.Text.Json;

namespace ChainTrader.Application.Notifications;

/// <summary>The `notifications` queue message: "chat X may have messages to deliver". A hint only; the Outbox holds the truth.</summary>
public sealed record NotifyHint(long ChatId)
{
    public const string QueueName = "notifications";

    public JsonElement ToJson() => JsonSerializer.SerializeToElement(this, OutboxJson.Default.NotifyHint);

    /// <summary>Reads a hint as the host passes it: a JSON object, or (a queue message's text) a JSON string holding one.</summary>
    public static NotifyHint Parse(JsonElement message)
    {
        if (message.ValueKind == JsonValueKind.String)
        {
            var text = message.GetString()!;
            try
            {
                using var inner = JsonDocument.Parse(text);
                return Parse(inner.RootElement);
            }
            catch (JsonException)
            {
                throw new InvalidDataException($"A notifications message must be {{\"chatId\": <non-zero integer>}}; got the string \"{Truncate(text)}\".");
            }
        }
        if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("chatId", out var id) || !id.TryGetInt64(out var chatId) || chatId == 0)
            throw new InvalidDataException($"A notifications message must be {{\"chatId\": <non-zero integer>}}; got {Truncate(message.GetRawText())}.");
        return new NotifyHint(chatId);
    }

    private static string Truncate(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
