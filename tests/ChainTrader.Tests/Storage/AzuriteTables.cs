using ChainTrader.Adapters.Storage;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChainTrader.Tests.Storage;

/// <summary>Table clients against the shared Azurite started by <see cref="LocalStack"/>.</summary>
public static class AzuriteTables
{
    /// <summary>Short backoff so retry tests stay fast; the retry policy itself is the production one.</summary>
    public static TableStorageOptions FastRetries() => new() { RetryBaseDelay = TimeSpan.FromMilliseconds(20), RetryMaxDelay = TimeSpan.FromSeconds(3) };

    public static async Task<TableAccount> ServiceAsync(HttpMessageHandler? handler = null, TableStorageOptions? options = null, string? connectionString = null)
    {
        var azurite = await LocalStack.AzuriteAsync();
        var connection = StorageConnection.Parse(connectionString ?? azurite.ConnectionString);
        var http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: true);
        return new TableAccount(http, connection, Options.Create(options ?? FastRetries()), NullLogger<TableAccount>.Instance, TimeProvider.System);
    }

    /// <summary>Table names must be 3-63 letters/digits starting with a letter; a GUID suffix keeps runs apart.</summary>
    public static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..16];
}
