using ChainTrader.Application.Health;
using Microsoft.DurableTask.Client;

namespace ChainTrader.Functions.Hosting.Durable;

public static class DurableEngineServiceCollectionExtensions
{
    /// <summary>
    /// The local Durable engine for the standalone host, running the durable functions of the registered <see cref="FunctionIndex"/>.
    /// Register it before other hosted services that start orchestrations: hosted services start in order.
    /// </summary>
    public static IServiceCollection AddLocalDurableEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DurableEngineOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<DurableEngineOptions>, DurableEngineOptionsValidator>();
        services.AddSingleton(sp => DurableFunctions.From(sp.GetRequiredService<FunctionIndex>()));
        services.AddSingleton<LocalDurableEngine>();
        services.AddHostedService(sp => sp.GetRequiredService<LocalDurableEngine>());
        services.AddSingleton<DurableTaskClient>(sp => sp.GetRequiredService<LocalDurableEngine>().Client);
        services.AddSingleton<IReadinessCheck, DurableEngineReadinessCheck>();
        return services;
    }
}
