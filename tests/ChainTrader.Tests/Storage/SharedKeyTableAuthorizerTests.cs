using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using ChainTrader.Adapters.Storage;

namespace ChainTrader.Tests.Storage;

/// <summary>
/// The Table service's Shared Key string-to-sign (not the Blob/Queue one): VERB, Content-MD5, Content-Type, Date and
/// the canonicalized resource, no x-ms-* headers. Azurite checks real signatures in TableClientAzuriteTests.
/// </summary>
public class SharedKeyTableAuthorizerTests
{
    [Fact]
    public void StringToSignHasFiveLinesAndNoCanonicalizedHeaders()
        => Assert.Equal("POST\n\napplication/json\nMon, 27 Jun 2016 20:11:00 GMT\n/myaccount/Customers",
            SharedKeyTableAuthorizer.BuildStringToSign("post", null, "application/json", "Mon, 27 Jun 2016 20:11:00 GMT", "/myaccount/Customers"));

    [Fact]
    public void EmptyFieldsStayAsEmptyLines()
        => Assert.Equal("GET\n\n\nMon, 27 Jun 2016 20:11:00 GMT\n/myaccount/Customers()",
            SharedKeyTableAuthorizer.BuildStringToSign("GET", null, null, "Mon, 27 Jun 2016 20:11:00 GMT", "/myaccount/Customers()"));

    [Theory]
    [InlineData("https://myaccount.table.core.windows.net/Customers()?$filter=PartitionKey%20eq%20%27a%27&$top=5", "/myaccount/Customers()")]
    [InlineData("http://127.0.0.1:10002/devstoreaccount1/Tables", "/devstoreaccount1/devstoreaccount1/Tables")]
    [InlineData("https://myaccount.table.core.windows.net/mytable?comp=acl", "/myaccount/mytable?comp=acl")]
    [InlineData("https://myaccount.table.core.windows.net/t(PartitionKey='a%20b',RowKey='c%27%27d')", "/myaccount/t(PartitionKey='a%20b',RowKey='c%27%27d')")]
    public void CanonicalizedResourceIsAccountPlusEncodedPathPlusOnlyComp(string url, string expected)
        => Assert.Equal(expected, SharedKeyTableAuthorizer.CanonicalizedResource(url.Contains("devstoreaccount1") ? "devstoreaccount1" : "myaccount", new Uri(url)));

    [Fact]
    public async Task AuthorizationHeaderIsHmacOfTheTableStringToSign()
    {
        var key = new byte[32];
        for (var i = 0; i < key.Length; i++) key[i] = (byte)(i * 7 + 1);
        var authorizer = new SharedKeyTableAuthorizer(new StorageSharedKey("myaccount", Convert.ToBase64String(key)));
        using var request = new HttpRequestMessage(HttpMethod.Put, "https://myaccount.table.core.windows.net/Customers(PartitionKey='p',RowKey='r')")
        {
            Content = new ByteArrayContent("{}"u8.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.TryAddWithoutValidation("x-ms-date", "Tue, 05 Mar 2024 10:00:00 GMT");
        request.Headers.TryAddWithoutValidation("x-ms-version", "2019-02-02");

        await authorizer.AuthorizeAsync(request, CancellationToken.None);

        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(
            "PUT\n\napplication/json\nTue, 05 Mar 2024 10:00:00 GMT\n/myaccount/Customers(PartitionKey='p',RowKey='r')")));
        Assert.Equal("SharedKey", request.Headers.Authorization!.Scheme);
        Assert.Equal($"myaccount:{expected}", request.Headers.Authorization.Parameter);
    }

    [Fact]
    public async Task RequestWithoutDateIsRefused()
    {
        var authorizer = new SharedKeyTableAuthorizer(new StorageSharedKey("a", StorageConnection.DevelopmentAccountKey));
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://a.table.core.windows.net/t()");
        await Assert.ThrowsAsync<InvalidOperationException>(() => authorizer.AuthorizeAsync(request, CancellationToken.None).AsTask());
    }
}
