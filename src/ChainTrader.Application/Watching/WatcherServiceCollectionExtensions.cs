using ChainTrader.Application.Commands;
using ChainTrader.Application.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Watching;

public static class WatcherServiceCollectionExtensions
{
    /// <summary>The wallet watcher: its settings (WATCH_*), tables, the per-chain scanner behind WatchPoll, and its commands (/watch, /unwatch, /watches, /tx) for the command framework.</summary>
    public static IServiceCollection AddWalletWatcher(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WatcherOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WatcherOptions>, WatcherOptionsValidator>();
        services.AddSingleton<IEffectiveSettingsSource, OptionsSettingsSource<WatcherOptions>>();
        services.TryAddSingleton(new WatcherTableNames());
        services.AddSingleton<WatchStore>();
        services.AddSingleton<TrackedTransactionStore>();
        services.AddSingleton<ScanCursorStore>();
        services.TryAddSingleton<ITokenMetadataSource, TokenMetadataCache>();
        services.AddSingleton<ChainScanner>();
        services.AddSingleton<WatchCommands>();
        services.AddSingleton<TxLookup>();
        services.AddSingleton<WatcherCommands>();
        services.AddScoped<ICommandHandler, WatcherCommandHandler>();
        return services;
    }
}
