using Azure.Identity;
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
        Assert.Equal("acme", connection.AccountName);
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
        Assert.Equal("devstoreaccount1", connection.AccountName);
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
        Assert.IsType<ManagedIdentityCredential>(connection.Credential);
        Assert.Equal(ManagedIdentityId.FromUserAssignedClientId("00000000-0000-0000-0000-000000000001").ToString(), connection.ManagedIdentity!.ToString());
        Assert.Null(connection.AccountName);
        Assert.Contains("TokenCredential(ManagedIdentityCredential", connection.ToString());
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
        var connection = StorageConnectionFactory.FromConfiguration(configuration);
        Assert.IsType<ManagedIdentityCredential>(connection.Credential);
        Assert.Equal(ManagedIdentityId.SystemAssigned.ToString(), connection.ManagedIdentity!.ToString());
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

    private static IConfiguration Configuration(params (string Key, string Value)[] settings)
        => new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
}
