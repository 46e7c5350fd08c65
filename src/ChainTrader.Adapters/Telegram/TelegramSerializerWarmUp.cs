using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Telegram.Bot;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace ChainTrader.Adapters.Telegram;

/// <summary>
/// Builds Telegram.Bot's JSON metadata for the types the app sends and reads before any delivery starts. The library
/// serializes by reflection, and its Message and Update graphs are large: built on first use, under load, the first
/// sends took longer than a chat's drain lease, so another instance took the chat over and sent the message again.
/// </summary>
public sealed class TelegramSerializerWarmUp : IHostedService
{
    private const string SampleMessage =
        """{"message_id":1,"from":{"id":1,"is_bot":true,"first_name":"b"},"chat":{"id":1,"type":"private"},"date":1,"text":"x","reply_markup":{"inline_keyboard":[[{"text":"a","callback_data":"b"}]]}}""";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        JsonSerializer.Deserialize<ApiResponse<Message>>($$"""{"ok":true,"result":{{SampleMessage}}}""", JsonBotAPI.Options);
        JsonSerializer.Deserialize<Update>($$"""{"update_id":1,"message":{{SampleMessage}}}""", JsonBotAPI.Options);
        JsonSerializer.Serialize(new SendMessageRequest
        {
            ChatId = 1,
            Text = "x",
            ReplyMarkup = new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("a", "b")),
            LinkPreviewOptions = new LinkPreviewOptions { IsDisabled = true },
        }, JsonBotAPI.Options);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
