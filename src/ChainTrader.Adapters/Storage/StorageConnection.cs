using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;

namespace ChainTrader.Adapters.Storage;

/// <summary>
/// Where the storage account is and how to authenticate to it: an account key (connection strings, Azurite) or an
/// Entra ID <see cref="TokenCredential"/> (managed identity). <see cref="ToString"/> never shows secrets.
/// </summary>
public sealed class StorageConnection
{
    /// <summary>Azurite's well-known account (public, documented emulator credentials, not a secret).</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly string[] KnownKeys =
    [
        "DefaultEndpointsProtocol", "AccountName", "AccountKey", "EndpointSuffix", "TableEndpoint", "QueueEndpoint",
        "BlobEndpoint", "FileEndpoint", "UseDevelopmentStorage",
    ];

    // The SDK's credential holds the key; this class only keeps it to hand to the SDK.
    private readonly TableSharedKeyCredential? _sharedKey;

    private StorageConnection(Uri tableEndpoint, Uri? queueEndpoint, Uri? blobEndpoint, TableSharedKeyCredential? sharedKey,
        TokenCredential? credential, bool isDevelopmentStorage)
    {
        TableEndpoint = RequireHttpEndpoint(tableEndpoint, nameof(TableEndpoint));
        QueueEndpoint = queueEndpoint is null ? null : RequireHttpEndpoint(queueEndpoint, nameof(QueueEndpoint));
        BlobEndpoint = blobEndpoint is null ? null : RequireHttpEndpoint(blobEndpoint, nameof(BlobEndpoint));
        _sharedKey = sharedKey;
        AccountName = sharedKey?.AccountName;
        Credential = credential;
        IsDevelopmentStorage = isDevelopmentStorage;
    }

    public Uri TableEndpoint { get; }
    public Uri? QueueEndpoint { get; }
    public Uri? BlobEndpoint { get; }

    /// <summary>The account of an account-key connection; null when <see cref="Credential"/> is used.</summary>
    public string? AccountName { get; }

    /// <summary>Set for Entra ID authentication (managed identity); null for account-key connections.</summary>
    public TokenCredential? Credential { get; }

    public bool IsDevelopmentStorage { get; }

    /// <summary>Which managed identity <see cref="Credential"/> asks for (system-assigned, or a user-assigned client id); null for account keys.</summary>
    public ManagedIdentityId? ManagedIdentity { get; private init; }

    /// <summary>The SDK client for this account: signed with the account key, or with bearer tokens from <see cref="Credential"/>.</summary>
    internal TableServiceClient CreateServiceClient(TableClientOptions options)
        => _sharedKey is not null
            ? new TableServiceClient(TableEndpoint, _sharedKey, options)
            : new TableServiceClient(TableEndpoint, Credential!, options);

    /// <summary>Entra ID authentication with Azure.Identity's managed identity credential (system- or user-assigned).</summary>
    public static StorageConnection FromManagedIdentity(Uri tableEndpoint, ManagedIdentityId identity, Uri? queueEndpoint = null, Uri? blobEndpoint = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return new(tableEndpoint, queueEndpoint, blobEndpoint, null, new ManagedIdentityCredential(identity), false) { ManagedIdentity = identity };
    }

    /// <summary>
    /// Parses an Azure Storage connection string: <c>UseDevelopmentStorage=true</c> (Azurite on 127.0.0.1) or
    /// AccountName + AccountKey with explicit endpoints or DefaultEndpointsProtocol/EndpointSuffix.
    /// </summary>
    public static StorageConnection Parse(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new FormatException("The storage connection string is empty.");
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var segments = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var index = 0; index < segments.Length; index++)
        {
            var segment = segments[index];
            var equals = segment.IndexOf('=');
            // The segment's text is not shown: a malformed segment may be a key pasted in the wrong place.
            if (equals <= 0)
                throw new FormatException($"Storage connection string segment {index + 1} is not of the form Key=Value.");
            var key = segment[..equals].Trim();
            if (key.Equals("SharedAccessSignature", StringComparison.OrdinalIgnoreCase))
                throw new FormatException("Storage connection strings with a SharedAccessSignature are not supported; use an AccountKey or a managed identity.");
            if (!KnownKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                // Only a name that looks like a setting is echoed; anything else may be a pasted key.
                var shown = key.Length <= 32 && key.All(char.IsAsciiLetter) ? $"unknown setting \"{key}\"" : $"an unknown setting in segment {index + 1}";
                throw new FormatException($"Storage connection string has {shown}; known settings: {string.Join(", ", KnownKeys)}.");
            }
            if (!settings.TryAdd(key, segment[(equals + 1)..].Trim()))
                throw new FormatException($"Storage connection string sets \"{key}\" more than once.");
        }

        if (settings.TryGetValue("UseDevelopmentStorage", out var development))
        {
            if (!development.Equals("true", StringComparison.OrdinalIgnoreCase))
                throw new FormatException($"UseDevelopmentStorage must be \"true\" when present (got \"{development}\").");
            if (settings.Count > 1)
                throw new FormatException("UseDevelopmentStorage=true cannot be combined with other settings; give the full Azurite connection string instead.");
            return new StorageConnection(
                new Uri($"http://127.0.0.1:10002/{DevelopmentAccountName}"),
                new Uri($"http://127.0.0.1:10001/{DevelopmentAccountName}"),
                new Uri($"http://127.0.0.1:10000/{DevelopmentAccountName}"),
                new TableSharedKeyCredential(DevelopmentAccountName, DevelopmentAccountKey), null, isDevelopmentStorage: true);
        }

        if (!settings.TryGetValue("AccountName", out var account) || account.Length == 0)
            throw new FormatException("Storage connection string has no AccountName.");
        if (!settings.TryGetValue("AccountKey", out var accountKey) || accountKey.Length == 0)
            throw new FormatException($"Storage connection string for account \"{account}\" has no AccountKey.");
        var protocol = settings.GetValueOrDefault("DefaultEndpointsProtocol", "https");
        if (protocol is not ("http" or "https"))
            throw new FormatException($"DefaultEndpointsProtocol must be http or https (got \"{protocol}\").");
        var suffix = settings.GetValueOrDefault("EndpointSuffix", "core.windows.net");

        Uri Endpoint(string setting, string service) => settings.TryGetValue(setting, out var explicitEndpoint)
            ? ParseEndpoint(explicitEndpoint, setting)
            : new Uri($"{protocol}://{account}.{service}.{suffix}");

        // Checked here so a bad key fails at startup with the account named, never echoing the key.
        if (!Convert.TryFromBase64String(accountKey, new byte[accountKey.Length], out var keyLength) || keyLength == 0)
            throw new FormatException($"The account key for storage account \"{account}\" is not valid base64.");
        return new StorageConnection(Endpoint("TableEndpoint", "table"), Endpoint("QueueEndpoint", "queue"), Endpoint("BlobEndpoint", "blob"),
            new TableSharedKeyCredential(account, accountKey), null, account == DevelopmentAccountName);
    }

    public override string ToString()
    {
        var auth = AccountName is not null ? $"SharedKey(account={AccountName}, key=redacted)" : $"TokenCredential({Credential!.GetType().Name}, {ManagedIdentity})";
        return $"StorageConnection(TableEndpoint={TableEndpoint}, Auth={auth})";
    }

    private static Uri ParseEndpoint(string value, string setting)
        => Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new FormatException($"Storage connection string setting {setting} is not an absolute URI: \"{value}\".");

    private static Uri RequireHttpEndpoint(Uri endpoint, string name)
    {
        ArgumentNullException.ThrowIfNull(endpoint, name);
        if (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https"))
            throw new ArgumentException($"{name} must be an absolute http(s) URI (got \"{endpoint}\").", name);
        if (!string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.Fragment))
            throw new ArgumentException($"{name} must not carry a query or fragment (got \"{endpoint.GetLeftPart(UriPartial.Path)}...\").", name);
        return endpoint;
    }
}
