using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChainTrader.Adapters.Storage;

public static class TableStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="StorageConnection"/> (from <paramref name="connectionName"/>, see <see cref="StorageConnectionFactory"/>),
    /// <see cref="TableStorageOptions"/> (section "TableStorage") and a typed-HttpClient <see cref="TableAccount"/>.
    /// </summary>
    public static IServiceCollection AddTableStorage(this IServiceCollection services, IConfiguration configuration,
        string connectionName = StorageConnectionFactory.DefaultConnectionName)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<TableStorageOptions>().Bind(configuration.GetSection(TableStorageOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TableStorageOptions>, TableStorageOptionsValidator>());
        services.TryAddSingleton(_ => StorageConnectionFactory.FromConfiguration(configuration, connectionName));
        services.AddHttpClient<TableAccount>(client => client.Timeout = Timeout.InfiniteTimeSpan);
        return services;
    }
}
