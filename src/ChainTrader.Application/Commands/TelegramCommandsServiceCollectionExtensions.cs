using ChainTrader.Application.Audit;
using ChainTrader.Application.Configuration;
using ChainTrader.Application.Dedupe;
using ChainTrader.Application.Gates;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Commands;

public static class TelegramCommandsServiceCollectionExtensions
{
    /// <summary>
    /// The inbound Telegram side: update dedupe, runtime gates, audit, the command handlers and the dispatcher the
    /// webhook calls, and the command menu registered at start. Needs the outbound side (AddTelegramDelivery: the outbox
    /// INotifier and the Bot API client).
    /// </summary>
    public static IServiceCollection AddTelegramCommands(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ChainTraderOptions>>().Value.Users());
        services.AddSingleton<DedupeStore>();
        services.AddSingleton<ConfigurationFingerprint>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<TableRuntimeGates>();
        services.AddSingleton<IRuntimeGates>(sp => sp.GetRequiredService<TableRuntimeGates>());
        services.AddSingleton<LiveConfirmations>();
        services.AddSingleton<AppUptime>();
        services.AddHostedService(sp => sp.GetRequiredService<AppUptime>());
        services.AddHostedService<CommandStateWarmup>();

        services.AddScoped<ICommandHandler, StartHelpHandler>();
        services.AddScoped<ICommandHandler, GateCommandsHandler>();
        services.AddScoped<ICommandHandler, SystemStatusHandler>();
        services.AddScoped<ICommandHandler, ConfigHandler>();
        services.AddScoped<ICommandHandler, RateLimitsHandler>();
        services.AddSingleton<BotCommandMenu>();
        services.AddHostedService(sp => sp.GetRequiredService<BotCommandMenu>());
        services.AddScoped<CommandRegistry>();
        services.AddScoped<LiveConfirmationHandler>();
        services.AddScoped<UpdateDispatcher>();
        return services;
    }
}
