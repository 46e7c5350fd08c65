using ChainTrader.Core.Trades;
using ChainTrader.Application.Commands;
using ChainTrader.Application.Configuration;
using ChainTrader.Application.Notifications;
using ChainTrader.Application.Operations;
using ChainTrader.Application.Oracles;
using ChainTrader.Application.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Trades;

public static class TradingServiceCollectionExtensions
{
    /// <summary>
    /// The trade lifecycle: settings (TradingOptions, the <c>Trades</c> timings and the risk limits from <see cref="RiskSettings"/>, all checked at
    /// start), the trade and ledger stores, signing, the effect executor, the trade orchestration's activities, the desk,
    /// the trade commands and buttons, the ledger's trading gauges, and the trading wallet's
    /// expected balances for reconciliation (<see cref="WalletLedgerBalanceSource"/>). Needs the oracles, the command framework and delivery.
    /// </summary>
    public static IServiceCollection AddTrading(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TradingOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TradingOptions>, TradingOptionsValidator>();
        services.AddSingleton<IEffectiveSettingsSource, OptionsSettingsSource<TradingOptions>>();
        services.AddOptions<TradeTimings>().Bind(configuration.GetSection(TradeTimings.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TradeTimings>, TradeTimingsValidator>();
        // The flat risk settings (MAX_TOTAL_AT_RISK_PCT, DAILY_STOP_PCT, ...): the startup validator checks them with every other setting.
        services.AddSingleton(_ => Options.Create(RiskSettings.Bind(configuration, [])));

        services.TryAddSingleton<ITradeFaultInjector, NoTradeFaults>();
        services.AddSingleton<TradeChain>();
        services.AddSingleton(sp => TradingTokens.Create(sp.GetRequiredService<IOptions<TradingOptions>>(), sp.GetRequiredService<OracleConfiguration>(),
            sp.GetRequiredService<TradeChain>()));
        services.AddSingleton<TradeStore>();
        services.AddSingleton<LedgerStore>();
        services.AddSingleton<SigningStore>();
        services.AddSingleton<NonceHealer>();
        services.AddSingleton<NonceAlertSource>();
        services.AddSingleton<OverdueTradeAlertSource>();
        services.AddSingleton<TradeQuoter>();
        services.AddSingleton<SwapSimulator>();
        services.AddSingleton<TradeEffectExecutor>();
        services.AddSingleton<LoadTradeActivity>();
        services.AddSingleton<SaveTradeStepActivity>();
        services.AddSingleton<RunTradeEffectActivity>();
        services.AddSingleton<DurableClientAccess>();
        services.AddSingleton<TradeDesk>();
        services.AddSingleton<IDeliveryObserver, QuoteDeliveryObserver>();
        services.AddSingleton<DeskMetrics>();
        services.AddSingleton<ITradingMetricsSource>(sp => sp.GetRequiredService<DeskMetrics>());
        // Housekeeping reconciles the trading wallet's on-chain balances against the ledger's fills (off without a signer).
        services.AddSingleton<ILedgerBalanceSource, WalletLedgerBalanceSource>();

        services.AddScoped<TradeCommandsHandler>();
        services.AddScoped<ICommandHandler>(sp => sp.GetRequiredService<TradeCommandsHandler>());
        services.AddScoped<CardButtonHandler>();
        services.AddScoped<ICommandHandler, TradeQueriesHandler>();
        services.AddScoped<TradeButtonHandler>();
        return services;
    }
}
