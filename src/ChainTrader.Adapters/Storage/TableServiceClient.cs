using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChainTrader.Adapters.Storage;

/// <summary>The Table service of one storage account; hands out <see cref="TableClient"/>s that share its HTTP pipeline.</summary>
public sealed class TableServiceClient
{
    private readonly TableTransport _transport;
    private readonly string _root;

    public TableServiceClient(HttpClient httpClient, StorageConnection connection, IOptions<TableClientOptions> options,
        ILogger<TableServiceClient> logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Connection = connection;
        _root = connection.TableEndpoint.AbsoluteUri.TrimEnd('/');
        _transport = new TableTransport(httpClient, connection.TableAuthorizer(timeProvider), options.Value, timeProvider, logger);
    }

    public StorageConnection Connection { get; }

    /// <summary>A client for one table; the name is checked (3-63 letters/digits, starting with a letter) but not created.</summary>
    public TableClient GetTableClient(string tableName)
    {
        TableNames.ValidateTableName(tableName);
        return new TableClient(tableName, _root, _transport);
    }

    public override string ToString() => $"TableServiceClient({Connection})";
}
