using System.Net;
using Azure;
using Azure.Data.Tables;
using DurableTask.AzureStorage.Partitioning;

namespace ChainTrader.Functions.Hosting.Durable;

/// <summary>
/// Frees the task hub's partition leases held by a process of this machine that has ended. A process killed with
/// SIGKILL cannot release its lease, and the restarted app would run no orchestration until the lease expired. An owner
/// that provably no longer runs cannot be renewing, so its lease is marked expired and the engine claims it at once.
/// Owners on other machines, or not named by <see cref="LocalWorkerId"/>, are left to expire.
/// </summary>
internal sealed partial class EndedOwnerLeases(TableClient partitions, ILogger<EndedOwnerLeases> logger)
{
    /// <summary>Marks expired every lease whose holder ended. Run before the engine starts its partition manager.</summary>
    public async Task ExpireAsync(string machine, Func<int, long?> processStartUnixMs, CancellationToken cancellationToken)
    {
        await foreach (var lease in partitions.QueryAsync<TablePartitionLease>(cancellationToken: cancellationToken))
        {
            // The worker the partition waits on: its owner, or, while the owner hands it over, the next owner.
            var holder = lease.CurrentOwner ?? lease.NextOwner;
            if (LocalWorkerId.TryParse(holder) is not { } worker || !worker.HasEnded(machine, processStartUnixMs)) continue;
            var update = new TableEntity(lease.PartitionKey, lease.RowKey) { [nameof(TablePartitionLease.ExpiresAt)] = DateTime.UnixEpoch };
            try
            {
                await partitions.UpdateEntityAsync(update, lease.ETag, TableUpdateMode.Merge, cancellationToken);
                LogExpired(logger, lease.RowKey!, holder!);
            }
            catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.PreconditionFailed)
            {
                // Changed since it was read: another worker took it over, and it is theirs now.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Durable engine: partition {Partition} was held by {Owner}, a process of this machine that has ended; its lease is marked expired")]
    private static partial void LogExpired(ILogger logger, string partition, string owner);
}
