using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace ChainTrader.Adapters.Storage;

/// <summary>
/// Reads a storage connection the way the Azure Functions host does for "AzureWebJobsStorage":
/// <list type="bullet">
/// <item><c>AzureWebJobsStorage</c> = a connection string (account key, or <c>UseDevelopmentStorage=true</c>);</item>
/// <item>or identity-based: <c>AzureWebJobsStorage__tableServiceUri</c> (or <c>__accountName</c>), with
/// <c>__credential=managedidentity</c> (the default when absent) and optional <c>__clientId</c> for a user-assigned
/// identity; tokens come from Azure.Identity's ManagedIdentityCredential.</item>
/// </list>
/// Environment variables' "__" appear as ":" in <see cref="IConfiguration"/>, so both spellings work.
/// </summary>
public static class StorageConnectionFactory
{
    public const string DefaultConnectionName = "AzureWebJobsStorage";

    public static StorageConnection FromConfiguration(IConfiguration configuration, string connectionName = DefaultConnectionName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration[connectionName];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            try
            {
                return StorageConnection.Parse(connectionString);
            }
            catch (FormatException ex)
            {
                throw new FormatException($"Setting {connectionName}: {ex.Message}", ex);
            }
        }

        var section = configuration.GetSection(connectionName);
        var tableServiceUri = section["tableServiceUri"];
        var accountName = section["accountName"];
        Uri tableEndpoint;
        if (!string.IsNullOrWhiteSpace(tableServiceUri))
        {
            if (!Uri.TryCreate(tableServiceUri, UriKind.Absolute, out var parsed))
                throw new FormatException($"Setting {connectionName}__tableServiceUri is not an absolute URI: \"{tableServiceUri}\".");
            tableEndpoint = parsed;
        }
        else if (!string.IsNullOrWhiteSpace(accountName))
        {
            tableEndpoint = new Uri($"https://{accountName}.table.core.windows.net");
        }
        else
        {
            throw new InvalidOperationException(
                $"No storage connection configured: set {connectionName} to a connection string, or {connectionName}__tableServiceUri " +
                $"(or {connectionName}__accountName) with {connectionName}__credential=managedidentity.");
        }

        var queueEndpoint = OptionalUri(section, "queueServiceUri", connectionName)
                            ?? (accountName is { Length: > 0 } ? new Uri($"https://{accountName}.queue.core.windows.net") : null);
        var blobEndpoint = OptionalUri(section, "blobServiceUri", connectionName)
                           ?? (accountName is { Length: > 0 } ? new Uri($"https://{accountName}.blob.core.windows.net") : null);
        return StorageConnection.FromManagedIdentity(tableEndpoint, ManagedIdentityFor(section, connectionName), queueEndpoint, blobEndpoint);
    }

    private static ManagedIdentityId ManagedIdentityFor(IConfigurationSection section, string connectionName)
    {
        var credential = section["credential"];
        if (!string.IsNullOrWhiteSpace(credential) && !credential.Equals("managedidentity", StringComparison.OrdinalIgnoreCase))
            throw new FormatException($"Setting {connectionName}__credential must be \"managedidentity\" (got \"{credential}\").");
        var clientId = section["clientId"];
        return string.IsNullOrWhiteSpace(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId.Trim());
    }

    private static Uri? OptionalUri(IConfigurationSection section, string key, string connectionName)
    {
        var value = section[key];
        if (string.IsNullOrWhiteSpace(value))
            return null;
        return Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new FormatException($"Setting {connectionName}__{key} is not an absolute URI: \"{value}\".");
    }
}
