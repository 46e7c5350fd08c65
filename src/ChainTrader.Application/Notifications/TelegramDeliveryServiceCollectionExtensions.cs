using ChainTrader.Adapters.Storage;
using ChainTrader.Adapters.Telegram;
using ChainTrader.Application.Configuration;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Notifications;

public static class TelegramDeliveryServiceCollectionExtensions
{
    /// <summary>
    /// Everything outbound to Telegram: the Bot API client (token and base URL from ChainTraderOptions), Table Storage,
    /// the Outbox (<see cref="INotifier"/>), the drain with its shared rate limits, and the Notify and OutboxSweeper functions.
    /// </summary>
    public static IServiceCollection AddTelegramDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTableStorage(configuration);
        services.AddTelegramBotApi();
        services.AddOptions<TelegramBotApiOptions>().Configure<IOptions<ChainTraderOptions>>((client, app) =>
        {
            client.BaseUrl = new Uri(app.Value.TelegramApiBaseUrl);
            client.Token = app.Value.TelegramBotToken;
        });
        services.AddOptions<TelegramDeliveryOptions>().Bind(configuration.GetSection(TelegramDeliveryOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelegramDeliveryOptions>, TelegramDeliveryOptionsValidator>();

        services.AddSingleton(sp => new OutboxTables(sp.GetRequiredService<TableAccount>));
        services.AddSingleton<OutboxSequence>();
        services.AddSingleton<GlobalSendRate>();
        services.AddSingleton<OutboxDrainer>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDrainer>());
        services.AddSingleton<INotifier, OutboxNotifier>();
        return services;
    }
}
