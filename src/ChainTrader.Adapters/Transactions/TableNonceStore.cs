using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Evm;

namespace ChainTrader.Adapters.Transactions;

/// <summary>
/// <see cref="INonceStore"/> on Table Storage: one row per signer (partition = chain id, row = lower-case address) holding
/// the next nonce and the outstanding entries as JSON. Creation is insert-if-absent, updates are If-Match on the ETag,
/// so two workers can never both hand out the same nonce.
/// </summary>
public sealed class TableNonceStore(EntityTable table) : INonceStore
{
    public const string DefaultTableName = "Nonces";
    private const string NextNonceProperty = "NextNonce";
    private const string OutstandingProperty = "Outstanding";

    private readonly EntityTable _table = table ?? throw new ArgumentNullException(nameof(table));

    public async Task<StoredNonceState?> GetAsync(ulong chainId, Address signer, CancellationToken cancellationToken = default)
    {
        var entity = await _table.GetAsync(PartitionKey(chainId), signer.ToLowerHex(), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (entity is null) return null;
        var where = $"nonce row {entity.PartitionKey}/{entity.RowKey} in table {_table.Name}";
        var next = entity.GetInt64(NextNonceProperty);
        if (next < 0) throw new InvalidDataException($"{where}: NextNonce is negative ({next}).");
        NonceEntry[]? outstanding;
        try
        {
            outstanding = JsonSerializer.Deserialize(entity.GetString(OutstandingProperty), NonceStoreJson.Default.NonceEntryArray);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{where}: Outstanding is not valid JSON: {e.Message}", e);
        }
        return new StoredNonceState(new NonceState((ulong)next, outstanding ?? throw new InvalidDataException($"{where}: Outstanding is null.")), entity.ETag!);
    }

    public async Task<string> SaveAsync(ulong chainId, Address signer, NonceState state, string? etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.NextNonce > long.MaxValue) throw new ArgumentOutOfRangeException(nameof(state), state.NextNonce, "NextNonce does not fit the table's Int64.");
        var entity = new TableRow(PartitionKey(chainId), signer.ToLowerHex())
            .Set(NextNonceProperty, (long)state.NextNonce)
            .Set(OutstandingProperty, JsonSerializer.Serialize(state.Outstanding.ToArray(), NonceStoreJson.Default.NonceEntryArray));
        if (etag is null)
        {
            try
            {
                return await _table.InsertAsync(entity, cancellationToken).ConfigureAwait(false);
            }
            catch (TableStorageException e) when (e.Status == System.Net.HttpStatusCode.Conflict)
            {
                throw new NonceStoreConflictException(chainId, signer, e);
            }
        }
        try
        {
            return await _table.UpdateAsync(entity, etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (TableConcurrencyException e)
        {
            throw new NonceStoreConflictException(chainId, signer, e);
        }
    }

    private static string PartitionKey(ulong chainId) => chainId.ToString(CultureInfo.InvariantCulture);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(NonceEntry[]))]
internal sealed partial class NonceStoreJson : JsonSerializerContext;
