using System.Net;

namespace ChainTrader.Tests.Storage;

/// <summary>Sits between the client and Azurite and plays one scripted fault per request, then passes requests through.</summary>
public sealed class FaultInjectingHandler(IEnumerable<Fault> faults) : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly Queue<Fault> _faults = new(faults);
    private readonly List<string> _methods = [];

    public IReadOnlyList<string> Methods { get { lock (_methods) return _methods.ToList(); } }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Fault? fault;
        lock (_methods)
        {
            _methods.Add(request.Method.Method);
            fault = _faults.TryDequeue(out var next) ? next : null;
        }
        switch (fault)
        {
            case null:
                return await base.SendAsync(request, cancellationToken);
            case Fault.ApplyThenDropResponse:
                (await base.SendAsync(request, cancellationToken)).Dispose();
                throw new HttpRequestException("Simulated connection reset after the server applied the request.");
            case Fault.ConnectionRefused:
                throw new HttpRequestException("Simulated connection refused.");
            case Fault.Throttle429RetryAfterOneSecond:
                return Synthetic(HttpStatusCode.TooManyRequests, "TooManyRequests", response => response.Headers.RetryAfter = new(TimeSpan.FromSeconds(1)));
            case Fault.Unavailable503:
                return Synthetic(HttpStatusCode.ServiceUnavailable, "ServerBusy");
            case Fault.ServerError500NotApplied:
                return Synthetic(HttpStatusCode.InternalServerError, "InternalError");
            default:
                return Synthetic(HttpStatusCode.BadRequest, "InvalidInput");
        }
    }

    private static HttpResponseMessage Synthetic(HttpStatusCode status, string code, Action<HttpResponseMessage>? configure = null)
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent("{\"odata.error\":{\"code\":\"" + code + "\",\"message\":{\"lang\":\"en-US\",\"value\":\"Injected " + code + ".\\nRequestId:test\"}}}"),
        };
        configure?.Invoke(response);
        return response;
    }
}
