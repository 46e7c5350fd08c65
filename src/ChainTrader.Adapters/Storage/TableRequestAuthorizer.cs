using System.Net.Http.Headers;
using Azure.Core;

namespace ChainTrader.Adapters.Storage;

/// <summary>Adds the Authorization header to a fully built request (its x-ms-date and content already set).</summary>
public abstract class TableRequestAuthorizer
{
    public abstract ValueTask AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken);

    public static TableRequestAuthorizer For(StorageConnection connection, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.SharedKey is not null
            ? new SharedKeyTableAuthorizer(connection.SharedKey)
            : new TokenCredentialTableAuthorizer(connection.Credential!, timeProvider);
    }
}

/// <summary>
/// "Shared Key for Table service": unlike Blob/Queue it signs no x-ms-* headers, only
/// VERB \n Content-MD5 \n Content-Type \n Date \n CanonicalizedResource, where Date is the x-ms-date value and the
/// resource is "/" + account + the encoded URI path (+ "?comp=..." when the request has a comp parameter).
/// </summary>
public sealed class SharedKeyTableAuthorizer(StorageSharedKey key) : TableRequestAuthorizer
{
    public override ValueTask AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var date = request.Headers.TryGetValues("x-ms-date", out var dates) ? dates.Single()
            : throw new InvalidOperationException("The request has no x-ms-date header to sign.");
        var stringToSign = BuildStringToSign(
            request.Method.Method,
            request.Content?.Headers.ContentMD5 is { } md5 ? Convert.ToBase64String(md5) : null,
            request.Content?.Headers.ContentType?.ToString(),
            date,
            CanonicalizedResource(key.AccountName, request.RequestUri!));
        request.Headers.Authorization = new AuthenticationHeaderValue("SharedKey", $"{key.AccountName}:{key.Sign(stringToSign)}");
        return ValueTask.CompletedTask;
    }

    public static string BuildStringToSign(string method, string? contentMd5, string? contentType, string date, string canonicalizedResource)
        => string.Join('\n', method.ToUpperInvariant(), contentMd5 ?? "", contentType ?? "", date, canonicalizedResource);

    /// <summary>
    /// "/" + account + encoded path, plus "?comp=value" if the query names a comp. For path-style endpoints (Azurite:
    /// http://127.0.0.1:10002/devstoreaccount1/...) the account therefore appears twice.
    /// </summary>
    public static string CanonicalizedResource(string accountName, Uri requestUri)
    {
        var resource = "/" + accountName + requestUri.AbsolutePath;
        foreach (var pair in requestUri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            if (name.Equals("comp", StringComparison.OrdinalIgnoreCase))
                return resource + "?comp=" + (equals < 0 ? "" : pair[(equals + 1)..]);
        }
        return resource;
    }
}

/// <summary>
/// Entra ID bearer tokens for https://storage.azure.com/.default, cached until five minutes before they expire
/// (or until the credential's suggested refresh time, if earlier).
/// </summary>
public sealed class TokenCredentialTableAuthorizer(TokenCredential credential, TimeProvider timeProvider) : TableRequestAuthorizer
{
    public const string Scope = "https://storage.azure.com/.default";
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private AccessToken? _cached;

    public override async ValueTask AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await GetTokenAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    internal async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } fresh && IsFresh(fresh))
            return fresh.Token;
        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cached is { } raced && IsFresh(raced))
                return raced.Token;
            var token = await credential.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken).ConfigureAwait(false);
            _cached = token;
            return token.Token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private bool IsFresh(AccessToken token)
    {
        var now = timeProvider.GetUtcNow();
        var refreshAt = token.ExpiresOn - RefreshMargin;
        if (token.RefreshOn is { } suggested && suggested < refreshAt)
            refreshAt = suggested;
        return now < refreshAt;
    }
}
