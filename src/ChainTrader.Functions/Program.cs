using ChainTrader.Functions.Telemetry;
using ChainTrader.Functions;
using ChainTrader.Functions.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;

if (HostingMode.IsFunctionsHost(args, Environment.GetEnvironmentVariable))
{
    // Started by the Functions host as its isolated worker: the host fires the triggers and calls the [Function] methods.
    var builder = FunctionsApplication.CreateBuilder(args);
    builder.ConfigureFunctionsWebApplication();
    ChainTraderApp.AddChainTrader(builder, Environment.GetEnvironmentVariable);
    builder.AddChainTraderLogExport();
    builder.Build().Run();
}
else
{
    ChainTraderApp.Build(args).Run();
}
