using ChainTrader.Adapters.Oracles;
using ChainTrader.Application.Alerts;
using ChainTrader.Application.Commands;
using ChainTrader.Application.Configuration;
using ChainTrader.Application.Chains;
using ChainTrader.Application.Health;

namespace ChainTrader.Application.Oracles;

public static class OracleServiceCollectionExtensions
{
    /// <summary>
    /// Prices: the oracle configuration, source reader, snapshot store, <see cref="IPriceOracle"/>, the OraclePoll timer,
    /// oracle alerts, the oracle readiness check, the shared RPC health view and the /price, /quote and /price_feeds commands.
    /// Needs table storage, the chain catalog and RPC pools, and an INotifier (for alerts).
    /// </summary>
    public static IServiceCollection AddOracles(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAlerts();
        services.AddPythHermes(configuration);
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ChainTraderOptions>, OracleSettingsValidator>();
        services.AddSingleton(sp => OracleConfiguration.FromConfiguration(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<ChainCatalog>()));
        services.AddSingleton<OracleSourceReader>();
        services.AddSingleton<OracleSnapshotStore>();
        services.AddSingleton<PriceOracle>();
        services.AddSingleton<IPriceOracle>(sp => sp.GetRequiredService<PriceOracle>());
        services.AddSingleton<OracleAlerts>();
        services.AddSingleton<IReadinessCheck, OracleReadinessCheck>();
        services.AddSingleton<SharedRpcHealth>();
        services.AddSingleton<IEffectiveSettingsSource, OracleSettingsSource>();
        services.AddHostedService(sp => sp.GetRequiredService<SharedRpcHealth>());
        services.AddScoped<ICommandHandler, PriceCommandHandler>();
        services.AddScoped<ICommandHandler, QuoteCommandHandler>();
        services.AddScoped<ICommandHandler, PriceFeedsCommandHandler>();
        return services;
    }
}
