using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChainTrader.Adapters.Storage;

/// <summary>
/// The Table service of one storage account, through the SDK's <see cref="TableServiceClient"/>; hands out
/// <see cref="EntityTable"/>s that share its HTTP pipeline and our retry policy.
/// </summary>
public sealed class TableAccount
{
    private readonly TableServiceClient _service;
    private readonly TableCallPipeline _calls;

    public TableAccount(HttpClient httpClient, StorageConnection connection, IOptions<TableStorageOptions> options,
        ILogger<TableAccount> logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Connection = connection;
        _calls = new TableCallPipeline(options.Value, timeProvider, logger);
        var clientOptions = new TableClientOptions
        {
            // Requests go through the injected HttpClient, so its handlers (and IHttpClientFactory) see every call.
            Transport = new HttpClientTransport(httpClient),
        };
        // Polly outside owns retries: an SDK retry would hide that an earlier attempt may have applied a write.
        clientOptions.Retry.MaxRetries = 0;
        // The per-attempt limit is Polly's; the SDK's network timeout only backs it up.
        clientOptions.Retry.NetworkTimeout = options.Value.AttemptTimeout + TimeSpan.FromSeconds(5);
        _service = connection.CreateServiceClient(clientOptions);
    }

    public StorageConnection Connection { get; }

    /// <summary>One table; the name is checked (3-63 letters/digits, starting with a letter) but the table is not created.</summary>
    public EntityTable GetTable(string tableName)
    {
        TableNames.ValidateTableName(tableName);
        return new EntityTable(_service.GetTableClient(tableName), _calls);
    }

    public override string ToString() => $"TableAccount({Connection})";
}
