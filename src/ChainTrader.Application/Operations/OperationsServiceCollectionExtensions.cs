using ChainTrader.Adapters.Telegram;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Risk;
using ChainTrader.Application.Alerts;
using ChainTrader.Application.Chains;
using ChainTrader.Application.Configuration;
using ChainTrader.Application.Gates;
using ChainTrader.Application.Telemetry;
using ChainTrader.Application.Trades;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Operations;

public static class OperationsServiceCollectionExtensions
{
    /// <summary>
    /// Operations: the alert matrix (signals, <see cref="AlertMonitor"/>, the AlertSweep function, <see cref="AlertService"/>),
    /// Housekeeping (cleanup and reconciliation), the effective settings behind /config and the configuration hash, and
    /// the start-up hash comparison. Needs table storage, the Telegram side (AddTelegramCommands, AddTelegramDelivery), the
    /// RPC pools, the oracles (AddOracles) and the trade lifecycle (AddTrading): the breakers read the ledger's marked book
    /// and the empty-universe alert the oracle's verdicts. Reconciliation runs once an <see cref="ILedgerBalanceSource"/> is registered.
    /// </summary>
    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => OperationsOptions.Read(configuration, []));
        services.AddSingleton<IEffectiveSettingsSource, AppEffectiveSettings>();
        services.AddSingleton<IEffectiveSettingsSource>(sp => new OperationsSettingsSource(sp.GetRequiredService<OperationsOptions>()));

        services.AddSingleton(sp => new OperationalSignals(sp.GetRequiredService<Storage.AppTables>, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<TelemetryOptions>>()));
        services.AddHostedService<SignalMeterListener>();
        services.AddHostedService<SignalFlusher>();
        services.AddSingleton<ILoggerProvider, ExceptionSignalLoggerProvider>();
        services.AddTransient<TelegramErrorSignalHandler>();
        services.AddHttpClient(TelegramServiceCollectionExtensions.HttpClientName).AddHttpMessageHandler<TelegramErrorSignalHandler>();

        services.AddAlerts();
        services.AddSingleton<BalanceReconciler>();
        services.TryAddSingleton<IPortfolioSource, LedgerPortfolioSource>();
        services.TryAddSingleton<ITradableUniverseSource, OracleUniverseSource>();
        services.AddSingleton(sp =>
        {
            var admins = UserDirectory.ParseIdList(sp.GetRequiredService<IOptions<ChainTraderOptions>>().Value.AdminUserIds, "ADMIN_USER_IDS", []);
            return new AlertMonitorHolder(admins.Count == 0 ? null : new AlertMonitor(
                sp.GetRequiredService<AlertService>(),
                sp.GetRequiredService<IRuntimeGates>(),
                sp.GetRequiredService<OperationalSignals>(),
                sp.GetRequiredService<BalanceReconciler>(),
                sp.GetRequiredService<OperationsOptions>(),
                sp.GetRequiredService<IOptions<RiskLimits>>().Value,
                sp.GetRequiredService<IOptions<TelemetryOptions>>(),
                sp.GetService<IPortfolioSource>(),
                sp.GetService<ITradableUniverseSource>(),
                sp.GetRequiredService<ILogger<AlertMonitor>>(),
                sp.GetRequiredService<ChainStateGuard>(),
                sp.GetService<NonceAlertSource>(),
                sp.GetService<OverdueTradeAlertSource>()));
        });
        services.AddSingleton(sp => new Housekeeping(
            sp.GetRequiredService<Storage.AppTables>(),
            sp.GetRequiredService<Dedupe.DedupeStore>(),
            sp.GetRequiredService<Notifications.OutboxTables>(),
            sp.GetRequiredService<Notifications.GlobalSendRate>(),
            sp.GetRequiredService<OperationalSignals>(),
            sp.GetRequiredService<BalanceReconciler>(),
            chain => sp.GetRequiredService<ChainRpcPools>().For(chain),
            sp.GetService<ILedgerBalanceSource>(),
            sp.GetRequiredService<OperationsOptions>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<Housekeeping>>()));

        services.AddSingleton<ConfigHashTracker>();
        services.AddHostedService(sp => sp.GetRequiredService<ConfigHashTracker>());
        return services;
    }

    private sealed class OperationsSettingsSource(OperationsOptions options) : IEffectiveSettingsSource
    {
        public IEnumerable<EffectiveSetting> Describe() => options.Describe();
    }
}
