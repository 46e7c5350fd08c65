using System.Globalization;
using System.Net;
using System.Text.Json;
using Azure.Core;

namespace ChainTrader.Adapters.Storage;

/// <summary>
/// Entra ID tokens from the App Service / Azure Functions managed identity endpoint (REST protocol, api-version
/// 2019-08-01): <c>GET {IDENTITY_ENDPOINT}?resource=…&amp;api-version=2019-08-01[&amp;client_id=…]</c> with header
/// <c>X-IDENTITY-HEADER: {IDENTITY_HEADER}</c>. Both values are set by the platform for the app's process. A
/// <paramref name="clientId"/> selects a user-assigned identity; without it the system-assigned one answers.
/// Tokens are cached by the caller (<see cref="TableRequestAuthorizer"/>), so every call asks the endpoint.
/// </summary>
public sealed class ManagedIdentityCredential(string? clientId = null, Func<string, string?>? environment = null, HttpClient? httpClient = null, TimeProvider? clock = null)
    : TokenCredential
{
    public const string EndpointVariable = "IDENTITY_ENDPOINT";
    public const string HeaderVariable = "IDENTITY_HEADER";
    public const string HeaderName = "X-IDENTITY-HEADER";
    public const string ApiVersion = "2019-08-01";
    private const int MaxAttempts = 3;

    private static readonly HttpClient SharedClient = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(30) };

    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;
    private readonly HttpClient _http = httpClient ?? SharedClient;
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public string? ClientId { get; } = string.IsNullOrWhiteSpace(clientId) ? null : clientId;

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        var endpoint = _environment(EndpointVariable);
        var secret = _environment(HeaderVariable);
        if (string.IsNullOrEmpty(endpoint) || string.IsNullOrEmpty(secret))
            throw new ManagedIdentityException(
                $"No managed identity endpoint: {EndpointVariable} and {HeaderVariable} are set only inside App Service / Azure Functions " +
                "with an identity enabled. Elsewhere use a storage connection string.");
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var endpointUri) || endpointUri.Scheme is not ("http" or "https"))
            throw new ManagedIdentityException($"{EndpointVariable} is not an absolute http(s) URL.");

        var resource = ResourceOf(requestContext.Scopes);
        var query = $"resource={Uri.EscapeDataString(resource)}&api-version={ApiVersion}" + (ClientId is null ? "" : $"&client_id={Uri.EscapeDataString(ClientId)}");
        var url = new UriBuilder(endpointUri) { Query = string.IsNullOrEmpty(endpointUri.Query) ? query : endpointUri.Query.TrimStart('?') + "&" + query }.Uri;

        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation(HeaderName, secret);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (attempt < MaxAttempts)
            {
                // The endpoint is local to the instance and may be starting: try again shortly.
                await Task.Delay(Backoff(attempt), _clock, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (HttpRequestException ex)
            {
                throw new ManagedIdentityException($"The managed identity endpoint did not answer after {MaxAttempts} attempts: {ex.Message}", ex);
            }

            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                    return Parse(body, resource);
                if (IsTransient(response.StatusCode) && attempt < MaxAttempts)
                {
                    await Task.Delay(Backoff(attempt), _clock, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                throw new ManagedIdentityException(
                    $"The managed identity endpoint refused a token for {resource}{(ClientId is null ? "" : $" (client id {ClientId})")}: " +
                    $"{(int)response.StatusCode} {ErrorText(body)}");
            }
        }
    }

    /// <summary>".default" scopes name the resource: "https://storage.azure.com/.default" → "https://storage.azure.com/".</summary>
    public static string ResourceOf(IReadOnlyList<string> scopes)
    {
        if (scopes.Count != 1)
            throw new ManagedIdentityException($"A managed identity token is for exactly one resource; {scopes.Count} scopes were requested.");
        var scope = scopes[0];
        return scope.EndsWith("/.default", StringComparison.Ordinal) ? scope[..^".default".Length] : scope;
    }

    private static AccessToken Parse(string body, string resource)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var token = root.TryGetProperty("access_token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (string.IsNullOrEmpty(token))
                throw new ManagedIdentityException($"The managed identity endpoint answered for {resource} without an access_token.");
            if (!root.TryGetProperty("expires_on", out var expires) || !TryEpochSeconds(expires, out var expiresOn))
                throw new ManagedIdentityException($"The managed identity endpoint answered for {resource} without a numeric expires_on.");
            return new AccessToken(token, expiresOn);
        }
        catch (JsonException ex)
        {
            throw new ManagedIdentityException($"The managed identity endpoint answered for {resource} with malformed JSON: {ex.Message}", ex);
        }
    }

    /// <summary>expires_on is seconds since the Unix epoch, sent as a string by this API version (a number is accepted too).</summary>
    private static bool TryEpochSeconds(JsonElement value, out DateTimeOffset expiresOn)
    {
        expiresOn = default;
        long seconds;
        if (value.ValueKind == JsonValueKind.Number ? !value.TryGetInt64(out seconds)
            : value.ValueKind != JsonValueKind.String || !long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out seconds))
            return false;
        expiresOn = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.NotFound || (int)status >= 500;

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(200 * (1 << (attempt - 1)));

    /// <summary>The endpoint's error message (never the request's secret header, which is not echoed back).</summary>
    private static string ErrorText(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            foreach (var name in new[] { "error_description", "message", "error" })
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                    return value.GetString()!;
        }
        catch (JsonException)
        {
            // not JSON: show it as text
        }
        return body.Length <= 200 ? body : body[..200] + "…";
    }
}

/// <summary>No token could be obtained from the managed identity endpoint; the message says why.</summary>
public sealed class ManagedIdentityException(string message, Exception? inner = null) : Exception(message, inner);
