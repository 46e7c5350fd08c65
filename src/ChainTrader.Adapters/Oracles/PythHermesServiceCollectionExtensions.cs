using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChainTrader.Adapters.Oracles;

public static class PythHermesServiceCollectionExtensions
{
    /// <summary>Registers <see cref="PythHermesClient"/> as a typed HttpClient with <see cref="PythHermesOptions"/> from configuration.</summary>
    public static IServiceCollection AddPythHermes(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PythHermesOptions>().Bind(configuration).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PythHermesOptions>, PythHermesOptionsValidator>());
        services.AddHttpClient<PythHermesClient>();
        return services;
    }
}
