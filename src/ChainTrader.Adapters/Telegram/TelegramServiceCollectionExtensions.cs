using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChainTrader.Adapters.Telegram;

public static class TelegramServiceCollectionExtensions
{
    /// <summary>The named HttpClient the Telegram.Bot clients use (handlers such as error counters attach to it).</summary>
    public const string HttpClientName = "telegram-bot-api";

    /// <summary>
    /// Registers <see cref="TelegramBotApi"/> and its HttpClient. The factory's default handlers log every request URI at
    /// Information, and Bot API URIs carry the token, so they are removed for this client.
    /// </summary>
    public static IHttpClientBuilder AddTelegramBotApi(this IServiceCollection services, Action<TelegramBotApiOptions>? configure = null)
    {
        var options = services.AddOptions<TelegramBotApiOptions>();
        if (configure is not null) options.Configure(configure);
        services.AddSingleton<TelegramBotApi>();
        services.AddHostedService<TelegramSerializerWarmUp>();
        return services.AddHttpClient(HttpClientName)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<TelegramBotApiOptions>>().Value.Timeout)
            .RemoveAllLoggers();
    }
}
