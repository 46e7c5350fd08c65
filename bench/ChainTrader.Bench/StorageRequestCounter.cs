using System.Collections.Concurrent;
using ChainTrader.Adapters.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChainTrader.Bench;

/// <summary>
/// A loopback pass-through in front of an Azurite's blob, queue and table endpoints that counts every request, whoever
/// makes it: the app's own stores and the Durable engine's queues, tables and blobs alike. Shared-key signatures cover
/// the path, the query and the x-ms headers, not the host, so requests pass through unchanged. Counts are kept by
/// service, method and resource (task hub names folded to "{hub}") so a trade's cost reads by what spent it.
/// </summary>
internal sealed class StorageRequestCounter : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase) { "Host", "Connection", "Transfer-Encoding", "Keep-Alive" };

    private readonly WebApplication _proxy;
    private readonly HttpClient _forward = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly string _hub;
    private ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private Dictionary<int, (string Name, Uri Target)> _byPort = [];

    private StorageRequestCounter(WebApplication proxy, string hub)
    {
        _proxy = proxy;
        _hub = hub;
    }

    /// <summary>The connection string the app uses instead of the target's: same account and key, the counter's endpoints.</summary>
    public string ConnectionString { get; private set; } = "";

    public static async Task<StorageRequestCounter> StartAsync(string targetConnectionString, string taskHub)
    {
        var target = StorageConnection.Parse(targetConnectionString);
        var services = new (string Name, Uri Target)[]
        {
            ("blob", target.BlobEndpoint ?? throw new ArgumentException("The storage connection has no blob endpoint.")),
            ("queue", target.QueueEndpoint ?? throw new ArgumentException("The storage connection has no queue endpoint.")),
            ("table", target.TableEndpoint),
        };
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            foreach (var _ in services) kestrel.Listen(System.Net.IPAddress.Loopback, 0);
        });
        builder.Services.AddRoutingCore();
        builder.Logging.ClearProviders();
        var proxy = builder.Build();
        var counter = new StorageRequestCounter(proxy, taskHub);
        proxy.Run(context => counter.ForwardAsync(context, counter._byPort[context.Connection.LocalPort]));
        await proxy.StartAsync();

        // Kestrel hands out the ports in listen order; each port serves one storage service.
        var ports = proxy.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
            .Select(a => new Uri(a).Port).ToList();
        counter._byPort = services.Select((s, i) => (Port: ports[i], s.Name, s.Target)).ToDictionary(s => s.Port, s => (s.Name, s.Target));
        counter.ConnectionString = string.Join(';',
            "DefaultEndpointsProtocol=http",
            $"AccountName={target.AccountName}",
            $"AccountKey={AccountKeyOf(targetConnectionString)}",
            $"BlobEndpoint=http://127.0.0.1:{ports[0]}{target.BlobEndpoint!.AbsolutePath.TrimEnd('/')}",
            $"QueueEndpoint=http://127.0.0.1:{ports[1]}{target.QueueEndpoint!.AbsolutePath.TrimEnd('/')}",
            $"TableEndpoint=http://127.0.0.1:{ports[2]}{target.TableEndpoint.AbsolutePath.TrimEnd('/')}");
        return counter;
    }

    public void Reset() => _counts = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);

    public Dictionary<string, long> Snapshot() => new(_counts, StringComparer.Ordinal);

    private async Task ForwardAsync(HttpContext context, (string Name, Uri Target) service)
    {
        var request = context.Request;
        _counts.AddOrUpdate($"{service.Name} {request.Method} {Resource(request.Path.Value ?? "", request.QueryString.Value ?? "")}", 1, (_, n) => n + 1);

        // The raw target, as signed: Kestrel's decoded path re-encodes differently (quotes in table keys) and breaks the signature.
        var raw = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var target = new Uri($"{service.Target.Scheme}://{service.Target.Authority}{raw}");
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), target);
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
            forward.Content = new StreamContent(request.Body);
        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name)) continue;
            if (!forward.Headers.TryAddWithoutValidation(name, values.ToArray()))
                forward.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
        }

        using var answer = await _forward.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!HopByHop.Contains(name)) context.Response.Headers[name] = values.ToArray();
        }
        await answer.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    /// <summary>"Outbox", "{hub}History", "{hub}-control-00/messages", "{hub}-leases/…": what was called, without keys or ids.</summary>
    private string Resource(string path, string query)
    {
        // Azurite's path-style addressing: the account comes first.
        var rest = path.Trim('/').Split('/').Skip(1).ToList();
        if (rest.Count == 0 || rest[0].Length == 0) return query.Contains("comp=list", StringComparison.Ordinal) ? "(list)" : "(account)";
        var resource = rest[0].Split('(')[0].Replace(_hub, "{hub}", StringComparison.OrdinalIgnoreCase);
        return rest.Count == 1 ? resource : resource + (rest[1] == "messages" ? "/messages" : "/…");
    }

    private static string AccountKeyOf(string connectionString) =>
        connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .FirstOrDefault(kv => kv[0].Equals("AccountKey", StringComparison.OrdinalIgnoreCase))?[1]
        ?? (StorageConnection.Parse(connectionString).IsDevelopmentStorage ? StorageConnection.DevelopmentAccountKey
            : throw new ArgumentException("The benchmark needs an account-key connection string."));

    public async ValueTask DisposeAsync()
    {
        await _proxy.StopAsync();
        await _proxy.DisposeAsync();
        _forward.Dispose();
    }
}
