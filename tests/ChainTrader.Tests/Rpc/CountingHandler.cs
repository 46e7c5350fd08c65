namespace ChainTrader.Tests.Rpc;

/// <summary>Counts the HTTP requests that leave the client.</summary>
public sealed class CountingHandler() : DelegatingHandler(new HttpClientHandler())
{
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        return base.SendAsync(request, cancellationToken);
    }
}
