using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Commands;
using ChainTrader.Application.Storage;

namespace ChainTrader.Application.Gates;

/// <summary>
/// Pending LIVE confirmations, in the RuntimeGates table under partition "confirmations", one row per requesting
/// update (so re-running that update finds the same nonce instead of minting a second prompt).
/// </summary>
public sealed class LiveConfirmations(AppTables tables, TimeProvider clock)
{
    public const string Partition = "confirmations";

    /// <summary>The confirmation for this request, created on first call (with a fresh nonce and a 60 s lifetime).</summary>
    public async Task<LiveConfirmation> GetOrCreateAsync(long requestUpdateId, long requestedBy, long chatId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableRuntimeGates.TableName, cancellationToken);
        var entity = new TableRow(Partition, RowKey(requestUpdateId))
            .Set("Nonce", Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_'))
            .Set("RequestedBy", requestedBy)
            .Set("ChatId", chatId)
            .Set("ExpiresAt", clock.GetUtcNow() + GateRules.ConfirmationLifetime)
            .Set("Status", LiveConfirmation.Pending);
        await table.TryInsertAsync(entity, cancellationToken);
        return await FindAsync(requestUpdateId, cancellationToken)
               ?? throw new InvalidOperationException($"Confirmation for update {requestUpdateId} vanished right after it was written.");
    }

    public async Task<LiveConfirmation?> FindAsync(long requestUpdateId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableRuntimeGates.TableName, cancellationToken);
        var row = await table.GetAsync(Partition, RowKey(requestUpdateId), cancellationToken: cancellationToken);
        return row is null ? null : new LiveConfirmation(
            requestUpdateId,
            row.GetString("Nonce"),
            row.GetInt64("RequestedBy"),
            row.GetInt64("ChatId"),
            row.GetDateTimeOffset("ExpiresAt"),
            row.GetString("Status"),
            row.Contains("ResolvedByUpdate") ? row.GetString("ResolvedByUpdate") : null,
            row.ETag!);
    }

    /// <summary>
    /// Moves a pending confirmation to <paramref name="status"/>, guarded by its ETag; false if someone resolved it
    /// first (the caller re-reads to learn how).
    /// </summary>
    public async Task<bool> TryResolveAsync(LiveConfirmation confirmation, string status, string resolvedByUpdate, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableRuntimeGates.TableName, cancellationToken);
        var entity = new TableRow(Partition, RowKey(confirmation.RequestUpdateId))
            .Set("Status", status)
            .Set("ResolvedByUpdate", resolvedByUpdate)
            .Set("ResolvedAt", clock.GetUtcNow());
        try
        {
            await table.UpdateAsync(entity, confirmation.ETag, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (TableConcurrencyException)
        {
            return false;
        }
    }

    /// <summary>Compares nonces in constant time so a guesser learns nothing from response timings.</summary>
    public static bool NonceMatches(LiveConfirmation confirmation, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(confirmation.Nonce), Encoding.ASCII.GetBytes(presented));

    private static string RowKey(long requestUpdateId) => requestUpdateId.ToString(CultureInfo.InvariantCulture);
}
