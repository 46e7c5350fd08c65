using ChainTrader.Application.Audit;
using ChainTrader.Application.Dedupe;
using ChainTrader.Application.Gates;
using ChainTrader.Application.Storage;

namespace ChainTrader.Application.Commands;

/// <summary>
/// Creates the Dedupe, RuntimeGates and Audit tables and reads the gates once, in the background at start, so the
/// first webhook update does not pay for table creation (the webhook must answer within a second). A storage outage
/// here is only logged: the first update then creates the tables itself.
/// </summary>
public sealed class CommandStateWarmup(IServiceProvider services, ILogger<CommandStateWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Resolved here, not in the constructor: a broken storage setting must surface as the start-up validation's
            // list of problems, not as this service failing to construct.
            var tables = services.GetRequiredService<AppTables>();
            var gates = services.GetRequiredService<IRuntimeGates>();
            await tables.GetAsync(DedupeStore.TableName, stoppingToken);
            await tables.GetAsync(AuditLog.TableName, stoppingToken);
            await gates.CurrentAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Warming the command tables failed ({Error}); the first update will create them", ex.Message);
        }
    }
}
