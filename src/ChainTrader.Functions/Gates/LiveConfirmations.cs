using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Commands;
using ChainTrader.Functions.Dedupe;
using ChainTrader.Functions.Storage;

namespace ChainTrader.Functions.Gates;

/// <summary>A pending "switch to LIVE" request waiting for its requester's button press.</summary>
public sealed record LiveConfirmation(
    long RequestUpdateId,
    string Nonce,
    long RequestedBy,
    long ChatId,
    DateTimeOffset ExpiresAt,
    string Status,
    string? ResolvedByUpdate,
    string ETag)
{
    public const string Pending = "pending";
    public const string Applied = "applied";
    public const string Cancelled = "cancelled";

    /// <summary>The cause every effect of confirming this request is keyed by, whichever press carries it out.</summary>
    public string Cause => $"confirm:{RequestUpdateId}";

    public string ConfirmData => CallbackData.Format(RequestUpdateId, Nonce, confirm: true);
    public string CancelData => CallbackData.Format(RequestUpdateId, Nonce, confirm: false);
}

/// <summary>
/// Callback data of the confirmation buttons: <c>live:{request update id}:{nonce}:{y|n}</c>. The nonce is 16 random
/// bytes kept server-side, so a button press can only name a confirmation its presser has actually been shown.
/// </summary>
public static class CallbackData
{
    public const string Prefix = "live:";

    public static string Format(long requestUpdateId, string nonce, bool confirm) =>
        $"{Prefix}{requestUpdateId.ToString(CultureInfo.InvariantCulture)}:{nonce}:{(confirm ? 'y' : 'n')}";

    public static bool TryParse(string? data, out long requestUpdateId, out string nonce, out bool confirm)
    {
        requestUpdateId = 0;
        nonce = "";
        confirm = false;
        if (data is null || !data.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var parts = data[Prefix.Length..].Split(':');
        if (parts.Length != 3 || parts[2] is not ("y" or "n")) return false;
        if (!long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out requestUpdateId)) return false;
        nonce = parts[1];
        confirm = parts[2] == "y";
        return nonce.Length > 0;
    }
}

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
