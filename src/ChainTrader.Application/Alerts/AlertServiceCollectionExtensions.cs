using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChainTrader.Application.Alerts;

public static class AlertServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AlertService"/> with <see cref="AlertOptions"/> read from configuration on first use.
    /// Needs table storage (AddTableStorage) and an INotifier.
    /// </summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => AlertOptions.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
        services.TryAddSingleton<AlertService>();
        return services;
    }
}
