using System.Collections.Concurrent;

namespace ChainTrader.Tests.Trades;

/// <summary>
/// The app's JSON-RPC requests that ask for one transaction's receipt, in the order sent: an inclusion check (the receipt
/// asked together with the head, while the trade is included) or a receipt poll (the receipt alone, while it is submitted).
/// Install <see cref="NewHandler"/> on the app's RPC HttpClient.
/// </summary>
public sealed class ReceiptRequestLog
{
    private readonly ConcurrentQueue<(DateTimeOffset SentAt, string Body)> _requests = new();

    public DelegatingHandler NewHandler() => new Recorder(this);

    /// <summary>For each request for <paramref name="hash"/>'s receipt sent after <paramref name="since"/>: true for an inclusion check, false for a poll.</summary>
    public IReadOnlyList<bool> InclusionCheckFlagsSince(DateTimeOffset since, string hash) =>
        _requests.Where(r => r.SentAt > since
                             && r.Body.Contains("\"eth_getTransactionReceipt\"", StringComparison.Ordinal)
                             && r.Body.Contains(hash, StringComparison.OrdinalIgnoreCase))
            .Select(r => r.Body.Contains("\"eth_blockNumber\"", StringComparison.Ordinal))
            .ToList();

    private sealed class Recorder(ReceiptRequestLog log) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var sentAt = DateTimeOffset.UtcNow;
            if (request.Content is not null) log._requests.Enqueue((sentAt, await request.Content.ReadAsStringAsync(cancellationToken)));
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
