using Azure.Core;
using ChainTrader.Adapters.Storage;
using Microsoft.Extensions.Configuration;

namespace ChainTrader.Tests.Storage;

public class StorageConnectionTests
{
    private const string Key = "c2VjcmV0LWtleS1ieXRlcy1mb3ItdGVzdHMtb25seQ==";

    [Fact]
    public void ParsesAccountKeyConnectionStringWithEndpointSuffix()
    {
        var connection = StorageConnection.Parse($"DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn");
        Assert.Equal(new Uri("https://acme.table.core.chinacloudapi.cn"), connection.TableEndpoint);
        Assert.Equal(new Uri("https://acme.queue.core.chinacloudapi.cn"), connection.QueueEndpoint);
        Assert.Equal(new Uri("https://acme.blob.core.chinacloudapi.cn"), connection.BlobEndpoint);
        Assert.Equal("acme", connection.SharedKey!.AccountName);
        Assert.Null(connection.Credential);
    }

    [Fact]
    public void ExplicitEndpointsWin()
    {
        var connection = StorageConnection.Parse(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={StorageConnection.DevelopmentAccountKey};" +
            "TableEndpoint=http://127.0.0.1:10102/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10101/devstoreaccount1;");
        Assert.Equal(new Uri("http://127.0.0.1:10102/devstoreaccount1"), connection.TableEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10101/devstoreaccount1"), connection.QueueEndpoint);
        Assert.True(connection.IsDevelopmentStorage);
    }

    [Fact]
    public void DevelopmentStorageMeansAzuriteDefaults()
    {
        var connection = StorageConnection.Parse("UseDevelopmentStorage=true");
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), connection.TableEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), connection.QueueEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), connection.BlobEndpoint);
        Assert.Equal("devstoreaccount1", connection.SharedKey!.AccountName);
        Assert.True(connection.IsDevelopmentStorage);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("AccountName=acme", "no AccountKey")]
    [InlineData("AccountKey=" + Key, "no AccountName")]
    [InlineData("AccountName=acme;AccountKey=not*base64", "not valid base64")]
    [InlineData("AccountName=acme;AccountKey=" + Key + ";SharedAccessSignature=sv=2020", "SharedAccessSignature")]
    [InlineData("AccountName=acme;AccountKey=" + Key + ";TabelEndpoint=http://x", "unknown setting \"TabelEndpoint\"")]
    [InlineData("AccountName=acme;AccountName=other;AccountKey=" + Key, "more than once")]
    [InlineData("AccountName=acme;AccountKey=" + Key + ";DefaultEndpointsProtocol=ftp", "http or https")]
    [InlineData("AccountName=acme;AccountKey=" + Key + ";TableEndpoint=not a uri", "not an absolute URI")]
    [InlineData("UseDevelopmentStorage=false", "must be \"true\"")]
    [InlineData("UseDevelopmentStorage=true;AccountName=x", "cannot be combined")]
    [InlineData("AccountName=acme;" + Key, "segment 2")]
    public void BadConnectionStringsAreRejectedClearly(string connectionString, string expected)
        => Assert.Contains(expected, Assert.Throws<FormatException>(() => StorageConnection.Parse(connectionString)).Message);

    [Fact]
    public void MalformedSegmentIsNotEchoed()
        => Assert.DoesNotContain(Key, Assert.Throws<FormatException>(() => StorageConnection.Parse("AccountName=acme;" + Key)).Message);

    [Fact]
    public void ToStringRedactsTheKey()
    {
        var text = StorageConnection.Parse($"AccountName=acme;AccountKey={Key}").ToString();
        Assert.DoesNotContain(Key, text);
        Assert.DoesNotContain(Key[..10], text);
        Assert.Contains("redacted", text);
        Assert.Contains("acme", text);
    }

    [Fact]
    public void FactoryReadsAConnectionString()
    {
        var configuration = Configuration(("AzureWebJobsStorage", "UseDevelopmentStorage=true"));
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), StorageConnectionFactory.FromConfiguration(configuration).TableEndpoint);
    }

    [Fact]
    public void FactoryReadsManagedIdentitySettingsWithClientId()
    {
        var configuration = Configuration(
            ("AzureWebJobsStorage:tableServiceUri", "https://acme.table.core.windows.net"),
            ("AzureWebJobsStorage:credential", "managedidentity"),
            ("AzureWebJobsStorage:clientId", "00000000-0000-0000-0000-000000000001"));
        var connection = StorageConnectionFactory.FromConfiguration(configuration);
        Assert.Equal(new Uri("https://acme.table.core.windows.net"), connection.TableEndpoint);
        Assert.Equal("00000000-0000-0000-0000-000000000001", Assert.IsType<ManagedIdentityCredential>(connection.Credential).ClientId);
        Assert.Null(connection.SharedKey);
        Assert.Contains("TokenCredential(ManagedIdentityCredential)", connection.ToString());
    }

    [Fact]
    public void FactoryUnderstandsEnvironmentVariableSpelling()
    {
        var name = "CT_TEST_STORAGE_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name + "__accountName", "acme");
        Environment.SetEnvironmentVariable(name + "__credential", "managedidentity");
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
            var connection = StorageConnectionFactory.FromConfiguration(configuration, name);
            Assert.Equal(new Uri("https://acme.table.core.windows.net"), connection.TableEndpoint);
            Assert.Equal(new Uri("https://acme.queue.core.windows.net"), connection.QueueEndpoint);
            Assert.IsType<ManagedIdentityCredential>(connection.Credential);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name + "__accountName", null);
            Environment.SetEnvironmentVariable(name + "__credential", null);
        }
    }

    [Fact]
    public void FactoryWithoutCredentialSettingUsesTheSystemAssignedManagedIdentity()
    {
        var configuration = Configuration(("AzureWebJobsStorage:tableServiceUri", "https://acme.table.core.windows.net"));
        Assert.Null(Assert.IsType<ManagedIdentityCredential>(StorageConnectionFactory.FromConfiguration(configuration).Credential).ClientId);
    }

    [Fact]
    public void FactoryNamesTheMissingSettings()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageConnectionFactory.FromConfiguration(Configuration()));
        Assert.Contains("AzureWebJobsStorage__tableServiceUri", error.Message);
    }

    [Fact]
    public void FactoryRejectsUnknownCredentialKinds()
    {
        var configuration = Configuration(
            ("AzureWebJobsStorage:tableServiceUri", "https://acme.table.core.windows.net"),
            ("AzureWebJobsStorage:credential", "clientsecret"));
        Assert.Contains("managedidentity", Assert.Throws<FormatException>(() => StorageConnectionFactory.FromConfiguration(configuration)).Message);
    }

    [Fact]
    public async Task BearerTokensAreCachedUntilFiveMinutesBeforeExpiry()
    {
        var clock = new ManualClock(DateTimeOffset.Parse("2024-01-01T00:00:00Z"));
        var credential = new CountingCredential(clock, TimeSpan.FromHours(1));
        var authorizer = new TokenCredentialTableAuthorizer(credential, clock);

        Assert.Equal("token-1", await AuthorizeAsync(authorizer));
        clock.Now += TimeSpan.FromMinutes(54);
        Assert.Equal("token-1", await AuthorizeAsync(authorizer));
        clock.Now += TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1);
        Assert.Equal("token-2", await AuthorizeAsync(authorizer));
        Assert.Equal([TokenCredentialTableAuthorizer.Scope], credential.LastScopes);
        Assert.Equal(2, credential.Calls);
    }

    private static async Task<string> AuthorizeAsync(TableRequestAuthorizer authorizer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://acme.table.core.windows.net/t()");
        await authorizer.AuthorizeAsync(request, CancellationToken.None);
        Assert.Equal("Bearer", request.Headers.Authorization!.Scheme);
        return request.Headers.Authorization.Parameter!;
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings)
        => new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class CountingCredential(ManualClock clock, TimeSpan lifetime) : TokenCredential
    {
        public int Calls { get; private set; }
        public string[] LastScopes { get; private set; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Calls++;
            LastScopes = requestContext.Scopes;
            return new AccessToken($"token-{Calls}", clock.Now + lifetime);
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
            => ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
