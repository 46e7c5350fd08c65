using System.Collections.Concurrent;
using Azure.Core;
using ChainTrader.Adapters.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ChainTrader.Tests.Storage;

/// <summary>Our managed identity credential against an in-process stand-in for the App Service identity endpoint on 127.0.0.1.</summary>
public sealed class ManagedIdentityCredentialTests
{
    private const string Secret = "identity-header-secret-for-tests";
    private static readonly TokenRequestContext StorageScope = new(["https://storage.azure.com/.default"]);

    [Fact]
    public async Task SystemAssignedIdentityGetsATokenWithTheProtocolsHeaderAndQuery()
    {
        await using var endpoint = await IdentityEndpoint.StartAsync();
        var credential = new ManagedIdentityCredential(null, endpoint.Environment);

        var token = await credential.GetTokenAsync(StorageScope, default);

        Assert.Equal("token-for-https://storage.azure.com/-system", token.Token);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(IdentityEndpoint.ExpiresOn), token.ExpiresOn);
        var request = Assert.Single(endpoint.Requests);
        Assert.Equal(("GET", "/msi/token"), (request.Method, request.Path));
        Assert.Equal(Secret, request.Header);
        Assert.Equal("2019-08-01", request.Query["api-version"]);
        Assert.Equal("https://storage.azure.com/", request.Query["resource"]);
        Assert.False(request.Query.ContainsKey("client_id"));
    }

    [Fact]
    public async Task UserAssignedIdentityIsChosenByClientId()
    {
        await using var endpoint = await IdentityEndpoint.StartAsync();
        var credential = new ManagedIdentityCredential("11111111-2222-3333-4444-555555555555", endpoint.Environment);

        var token = await credential.GetTokenAsync(StorageScope, default);

        Assert.Equal("token-for-https://storage.azure.com/-11111111-2222-3333-4444-555555555555", token.Token);
        Assert.Equal("11111111-2222-3333-4444-555555555555", Assert.Single(endpoint.Requests).Query["client_id"]);
    }

    [Fact]
    public async Task TheTableAuthorizerSendsTheEndpointsTokenAsBearer()
    {
        await using var endpoint = await IdentityEndpoint.StartAsync();
        var connection = StorageConnection.FromTokenCredential(new Uri("https://acme.table.core.windows.net"), new ManagedIdentityCredential(null, endpoint.Environment));
        var authorizer = TableRequestAuthorizer.For(connection, TimeProvider.System);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://acme.table.core.windows.net/Tables");

        await authorizer.AuthorizeAsync(request, default);

        Assert.Equal(("Bearer", "token-for-https://storage.azure.com/-system"), (request.Headers.Authorization!.Scheme, request.Headers.Authorization.Parameter));
    }

    [Fact]
    public async Task TransientFailuresAreRetriedAndRefusalsExplained()
    {
        await using var endpoint = await IdentityEndpoint.StartAsync();
        endpoint.FailuresBeforeSuccess = 2;
        var token = await new ManagedIdentityCredential(null, endpoint.Environment).GetTokenAsync(StorageScope, default);
        Assert.StartsWith("token-for-", token.Token);
        Assert.Equal(3, endpoint.Requests.Count);

        var wrongHeader = new ManagedIdentityCredential(null, name => name == ManagedIdentityCredential.HeaderVariable ? "wrong" : endpoint.Environment(name));
        var refused = await Assert.ThrowsAsync<ManagedIdentityException>(() => wrongHeader.GetTokenAsync(StorageScope, default).AsTask());
        Assert.Contains("refused a token for https://storage.azure.com/: 401 X-IDENTITY-HEADER does not match", refused.Message);
        Assert.DoesNotContain("wrong", refused.Message);
    }

    [Fact]
    public async Task OutsideAzureTheErrorSaysWhatIsMissing()
    {
        var credential = new ManagedIdentityCredential(null, _ => null);
        var error = await Assert.ThrowsAsync<ManagedIdentityException>(() => credential.GetTokenAsync(StorageScope, default).AsTask());
        Assert.Contains("IDENTITY_ENDPOINT and IDENTITY_HEADER", error.Message);
        Assert.Throws<ManagedIdentityException>(() => ManagedIdentityCredential.ResourceOf(["a/.default", "b/.default"]));
    }

    private sealed record SeenRequest(string Method, string Path, string Header, IReadOnlyDictionary<string, string> Query);

    /// <summary>Plays the App Service identity endpoint: checks the header, answers the 2019-08-01 token shape.</summary>
    private sealed class IdentityEndpoint : IAsyncDisposable
    {
        public const long ExpiresOn = 1_900_000_000;

        private readonly WebApplication _app;
        private int _failuresLeft;

        private IdentityEndpoint(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        public string Url { get; }
        public ConcurrentQueue<SeenRequest> Requests { get; } = new();
        public int FailuresBeforeSuccess { set => _failuresLeft = value; }

        public string? Environment(string name) => name switch
        {
            ManagedIdentityCredential.EndpointVariable => Url + "msi/token",
            ManagedIdentityCredential.HeaderVariable => Secret,
            _ => null,
        };

        public static async Task<IdentityEndpoint> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            IdentityEndpoint? self = null;
            app.MapGet("/msi/token", (HttpRequest request) => self!.Answer(request));
            await app.StartAsync();
            var url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single() + "/";
            self = new IdentityEndpoint(app, url);
            return self;
        }

        private IResult Answer(HttpRequest request)
        {
            var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
            Requests.Enqueue(new SeenRequest(request.Method, request.Path, request.Headers[ManagedIdentityCredential.HeaderName].ToString(), query));
            if (Interlocked.Decrement(ref _failuresLeft) >= 0)
                return Results.Json(new { statusCode = 500, message = "identity service warming up" }, statusCode: 500);
            if (request.Headers[ManagedIdentityCredential.HeaderName] != Secret)
                return Results.Json(new { statusCode = 401, message = "X-IDENTITY-HEADER does not match" }, statusCode: 401);
            if (query.GetValueOrDefault("api-version") != "2019-08-01" || !query.TryGetValue("resource", out var resource))
                return Results.Json(new { statusCode = 400, message = "api-version and resource are required" }, statusCode: 400);
            var who = query.GetValueOrDefault("client_id") ?? "system";
            return Results.Json(new Dictionary<string, string>
            {
                ["access_token"] = $"token-for-{resource}-{who}",
                ["expires_on"] = ExpiresOn.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["resource"] = resource,
                ["token_type"] = "Bearer",
                ["client_id"] = who,
            });
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
