using System.Text;

namespace ChainTrader.Core.Telegram;

/// <summary>Telegram's own limits on an outbound message, checked before it is stored so a bad one fails at the caller.</summary>
public static class OutboundMessageRules
{
    public const int MaxCallbackDataBytes = 64;
    public const int MaxButtons = 100;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first problem; returns the message unchanged otherwise.</summary>
    public static OutboundMessage Validate(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.ChatId == 0)
            throw new ArgumentException("OutboundMessage.ChatId is 0; Telegram chat ids are non-zero (negative for groups).", nameof(message));
        if (string.IsNullOrWhiteSpace(message.DedupeKey))
            throw new ArgumentException($"OutboundMessage to chat {message.ChatId} has no DedupeKey; every message needs one derived from its cause.", nameof(message));
        if (string.IsNullOrWhiteSpace(message.Html))
            throw new ArgumentException($"OutboundMessage \"{message.DedupeKey}\" has empty Html; Telegram refuses empty messages.", nameof(message));
        if (message.EditOf is { } original && (original.Length == 0 || original == message.DedupeKey))
            throw new ArgumentException($"OutboundMessage \"{message.DedupeKey}\": EditOf must name an earlier message's dedupe key, not \"{original}\".", nameof(message));
        if (message.Keyboard is { } rows)
        {
            var count = 0;
            for (var r = 0; r < rows.Count; r++)
            {
                for (var c = 0; c < rows[r].Count; c++)
                {
                    var button = rows[r][c];
                    var where = $"OutboundMessage \"{message.DedupeKey}\" button [{r}][{c}]";
                    if (string.IsNullOrWhiteSpace(button.Text))
                        throw new ArgumentException($"{where} has no text.", nameof(message));
                    if (button.Url is { } url)
                    {
                        if (button.CallbackData is not null)
                            throw new ArgumentException($"{where} (\"{button.Text}\") has both a link and callback data; Telegram allows one action.", nameof(message));
                        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
                            throw new ArgumentException($"{where} (\"{button.Text}\") links to \"{url}\", which is not an absolute http(s) URL.", nameof(message));
                    }
                    else
                    {
                        var bytes = Encoding.UTF8.GetByteCount(button.CallbackData ?? "");
                        if (bytes is < 1 or > MaxCallbackDataBytes)
                            throw new ArgumentException($"{where} (\"{button.Text}\") has {bytes} bytes of callback data; Telegram allows 1-{MaxCallbackDataBytes}.", nameof(message));
                    }
                    count++;
                }
            }
            if (count > MaxButtons)
                throw new ArgumentException($"OutboundMessage \"{message.DedupeKey}\" has {count} buttons; Telegram allows at most {MaxButtons}.", nameof(message));
        }
        return message;
    }
}
