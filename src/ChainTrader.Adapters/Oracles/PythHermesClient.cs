using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChainTrader.Adapters.Oracles;

/// <summary>
/// Reads the latest Pyth prices from Hermes v2 (<c>GET /v2/updates/price/latest?ids[]=…&amp;parsed=true</c>) and parses
/// the <c>parsed</c> part strictly: every requested id exactly once, integers where Hermes sends integers. Retries are
/// left to the caller's schedule (OraclePoll runs every few seconds; a missed read is a read failure, not a retry storm).
/// </summary>
public sealed class PythHermesClient
{
    public const string LatestPath = "v2/updates/price/latest";

    private readonly HttpClient _http;
    private readonly Uri _latest;
    private readonly ILogger<PythHermesClient> _logger;

    public PythHermesClient(HttpClient http, IOptions<PythHermesOptions> options, ILogger<PythHermesClient> logger)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        ArgumentNullException.ThrowIfNull(options);
        var settings = new PythHermesOptionsValidator().ThrowIfInvalid(options.Value);
        _latest = LatestUrl(settings.Endpoint);
        _http.Timeout = TimeSpan.FromSeconds(settings.TimeoutSeconds);
    }

    /// <summary>The latest-price URL for an endpoint given as base URL or as the full latest-price URL.</summary>
    public static Uri LatestUrl(string? endpoint)
    {
        if (!Uri.TryCreate(endpoint?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException("PYTH_HERMES_ENDPOINT must be an absolute http(s) URL, e.g. https://hermes.pyth.network.", nameof(endpoint));
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            throw new ArgumentException("PYTH_HERMES_ENDPOINT must not carry a query string or fragment.", nameof(endpoint));
        var path = uri.AbsolutePath.TrimEnd('/');
        var full = path.EndsWith("/" + LatestPath, StringComparison.Ordinal) ? path : path + "/" + LatestPath;
        return new UriBuilder(uri) { Path = full }.Uri;
    }

    /// <summary>Latest prices for <paramref name="feedIds"/> (64 hex digits, 0x optional), keyed by lower-case id without 0x.</summary>
    public async Task<IReadOnlyDictionary<string, PythPriceUpdate>> GetLatestAsync(IReadOnlyCollection<string> feedIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feedIds);
        if (feedIds.Count == 0)
            throw new ArgumentException("At least one Pyth feed id is required.", nameof(feedIds));
        var ids = feedIds.Select(NormaliseId).Distinct(StringComparer.Ordinal).ToArray();
        var query = string.Join('&', ids.Select(id => "ids%5B%5D=" + id)) + "&parsed=true&encoding=hex";
        var url = new UriBuilder(_latest) { Query = query }.Uri;

        var started = Stopwatch.GetTimestamp();
        string body;
        HttpStatusCode status;
        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PythHermesException($"Hermes did not answer within {_http.Timeout.TotalSeconds:0} s.", null, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new PythHermesException($"Hermes could not be reached: {ex.Message}", ex.StatusCode, ex);
        }

        if ((int)status is < 200 or > 299)
            throw new PythHermesException($"Hermes answered {(int)status} {status}: {Snippet(body)}", status);
        var prices = Parse(body, ids);
        _logger.LogDebug("Hermes returned {PriceCount} price(s) in {ElapsedMs} ms", prices.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return prices;
    }

    /// <summary>Parses a Hermes latest-price response; every id in <paramref name="expectedIds"/> must appear exactly once.</summary>
    public static IReadOnlyDictionary<string, PythPriceUpdate> Parse(string body, IReadOnlyCollection<string> expectedIds)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(expectedIds);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new PythHermesException($"Hermes response is not JSON ({ex.Message}): {Snippet(body)}", null, ex);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("parsed", out var parsed) || parsed.ValueKind != JsonValueKind.Array)
                throw new PythHermesException($"Hermes response has no \"parsed\" array: {Snippet(body)}");

            var result = new Dictionary<string, PythPriceUpdate>(StringComparer.Ordinal);
            var index = 0;
            foreach (var item in parsed.EnumerateArray())
            {
                var where = $"parsed[{index++}]";
                var id = NormaliseIdFrom(RequireString(item, "id", where), where);
                if (!expectedIds.Contains(id))
                    throw new PythHermesException($"Hermes response {where} is for feed {id}, which was not requested.");
                if (!item.TryGetProperty("price", out var price) || price.ValueKind != JsonValueKind.Object)
                    throw new PythHermesException($"Hermes response {where}.price is missing or not an object.");
                var update = new PythPriceUpdate(
                    id,
                    Integer(price, "price", $"{where}.price", allowNegative: true),
                    Integer(price, "conf", $"{where}.price", allowNegative: false),
                    Int32(price, "expo", $"{where}.price"),
                    Int64(price, "publish_time", $"{where}.price"));
                if (!result.TryAdd(id, update))
                    throw new PythHermesException($"Hermes response lists feed {id} twice.");
            }
            var missing = expectedIds.Where(id => !result.ContainsKey(id)).ToArray();
            if (missing.Length > 0)
                throw new PythHermesException($"Hermes response lacks feed(s) {string.Join(", ", missing)}.");
            return result;
        }
    }

    /// <summary>A feed id as Hermes returns it: 64 lower-case hex digits without 0x.</summary>
    public static string NormaliseId(string feedId)
    {
        var id = feedId?.Trim() ?? "";
        if (id.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            id = id[2..];
        if (id.Length != 64 || !id.All(char.IsAsciiHexDigit))
            throw new ArgumentException($"Pyth feed id \"{feedId}\" is not 32 bytes of hex (64 hex digits, 0x optional).", nameof(feedId));
        return id.ToLowerInvariant();
    }

    private static string NormaliseIdFrom(string raw, string where)
    {
        try
        {
            return NormaliseId(raw);
        }
        catch (ArgumentException)
        {
            throw new PythHermesException($"Hermes response {where}.id \"{raw}\" is not a feed id.");
        }
    }

    private static string RequireString(JsonElement parent, string name, string where)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
            throw new PythHermesException($"Hermes response {where}.{name} is missing or not a string.");
        return value.GetString()!;
    }

    // Hermes sends price and conf as decimal strings (they are 64-bit integers).
    private static BigInteger Integer(JsonElement parent, string name, string where, bool allowNegative)
    {
        var text = RequireString(parent, name, where);
        var styles = allowNegative ? NumberStyles.AllowLeadingSign : NumberStyles.None;
        if (!long.TryParse(text, styles, CultureInfo.InvariantCulture, out var value) || (!allowNegative && value < 0))
            throw new PythHermesException($"Hermes response {where}.{name} \"{text}\" is not a{(allowNegative ? "" : " non-negative")} 64-bit integer.");
        return value;
    }

    private static int Int32(JsonElement parent, string name, string where)
        => parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw new PythHermesException($"Hermes response {where}.{name} is missing or not a 32-bit integer.");

    private static long Int64(JsonElement parent, string name, string where)
        => parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw new PythHermesException($"Hermes response {where}.{name} is missing or not an integer.");

    private static string Snippet(string body) => body.Length <= 300 ? body : body[..300] + "…";
}
