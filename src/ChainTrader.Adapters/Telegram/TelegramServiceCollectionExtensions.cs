using Microsoft.Extensions.DependencyInjection;

namespace ChainTrader.Adapters.Telegram;

public static class TelegramServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="TelegramBotClient"/> as a typed HttpClient. The factory's default handlers log every request
    /// URI at Information, and Bot API URIs carry the token, so they are removed for this client.
    /// </summary>
    public static IHttpClientBuilder AddTelegramBotClient(this IServiceCollection services, Action<TelegramBotClientOptions>? configure = null)
    {
        var options = services.AddOptions<TelegramBotClientOptions>();
        if (configure is not null) options.Configure(configure);
        return services.AddHttpClient<TelegramBotClient>(client => client.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();
    }
}
