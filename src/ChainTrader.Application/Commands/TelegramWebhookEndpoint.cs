using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChainTrader.Adapters.Storage;
using ChainTrader.Application.Configuration;
using ChainTrader.Application.Dedupe;
using ChainTrader.Application.Telemetry;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace ChainTrader.Application.Commands;

/// <summary>
/// POST /telegram/webhook. Only a request carrying Telegram's secret header may reach the bot: the header is
/// compared in constant time so its value cannot be guessed byte by byte from response timings.
/// </summary>
public static class TelegramWebhookEndpoint
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>Dedupe partition of handled updates (key "update:{update_id}").</summary>
    public const string UpdateKind = "update";

    /// <summary>How long the first storage call (the dedupe check) may take before the webhook answers 503: within Telegram's second.</summary>
    public static readonly TimeSpan StorageBudget = TimeSpan.FromMilliseconds(800);

    public static async Task<IResult> HandleAsync(HttpRequest request, IOptions<ChainTraderOptions> options, DedupeStore dedupe,
        UpdateDispatcher dispatcher, ILogger<UpdateDispatcher> logger, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!SecretMatches(request.Headers[SecretHeader].ToString(), settings.TelegramWebhookSecret))
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: $"Missing or wrong {SecretHeader}.");

        if (request.ContentLength > settings.TelegramWebhookMaxBodyBytes)
            return TooLarge(settings.TelegramWebhookMaxBodyBytes);
        var body = await ReadLimitedAsync(request.Body, settings.TelegramWebhookMaxBodyBytes, cancellationToken);
        if (body is null)
            return TooLarge(settings.TelegramWebhookMaxBodyBytes);

        Update? update;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("update_id", out var id) || id.ValueKind != JsonValueKind.Number || !id.TryGetInt64(out _))
                return Malformed(logger, "Not a Telegram Update: an object with a numeric update_id is required.", null);
        }
        catch (JsonException)
        {
            return Malformed(logger, "Malformed JSON.", "The body is not valid JSON.");
        }
        try
        {
            update = JsonSerializer.Deserialize<Update>(body, JsonBotAPI.Options);
        }
        catch (JsonException ex)
        {
            // The exception's message names .NET types: the answer says only where the update went wrong.
            return Malformed(logger, "Malformed JSON.", $"A field is missing, null or of the wrong type at {ex.Path ?? "$"}.");
        }
        catch (ArgumentOutOfRangeException)
        {
            // The library's date converter does not check its range: a unix time past year 9999 cannot be a message date.
            return Malformed(logger, "Malformed JSON.", "A date is out of range.");
        }
        if (update is null)
            return Malformed(logger, "Not a Telegram Update: the body is null.", null);
        if (WebhookUpdates.MissingField(update) is { } missing)
            return Malformed(logger, "Malformed JSON.", $"A field is missing, null or of the wrong type at {missing}.");

        // docs/architecture.md rule 2: a seen update has no second effect; the mark is written only after the effects,
        // so a crash in between re-runs the update and its keyed effects collapse.
        var key = update.Id.ToString(CultureInfo.InvariantCulture);
        try
        {
            if (await SeenAsync(dedupe, key, cancellationToken))
            {
                logger.LogInformation("Update {UpdateId} was handled before; ignored", update.Id);
                return Results.Ok();
            }
            var answer = await dispatcher.DispatchAsync(update, cancellationToken);
            await dedupe.TryAddAsync(UpdateKind, key, cancellationToken);
            // Serialized as its runtime type with the library's settings, which add the "method" field of a webhook answer.
            return answer is null ? Results.Ok() : Results.Text(JsonSerializer.Serialize(answer, answer.GetType(), JsonBotAPI.Options), "application/json", Encoding.UTF8);
        }
        catch (Exception ex) when (IsStorageOutage(ex) && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Update {UpdateId}: storage did not answer ({Reason}); answered 503 so Telegram delivers it again", update.Id, ex.GetType().Name);
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Storage is unavailable right now; nothing was done. Telegram will deliver this update again.");
        }
        catch (ArgumentException ex)
        {
            // Input the parsers let through but a lower layer refused (e.g. a value that cannot be a table key). Dropped with
            // 200: a 5xx would be redelivered ahead of every later update and fail the same way each time.
            logger.LogError(ex, "Update {UpdateId} dropped: it carries a value the bot cannot use", update.Id);
            ChainTraderTelemetry.WebhookUpdatesDropped.Add(1, new KeyValuePair<string, object?>("reason", "unusable"));
            return Results.Ok();
        }
    }

    /// <summary>The dedupe check is the webhook's first storage call: without retries and within <see cref="StorageBudget"/>, so an outage answers 503 at once, every time.</summary>
    private static async Task<bool> SeenAsync(DedupeStore dedupe, string key, CancellationToken cancellationToken)
    {
        using var withinBudget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        withinBudget.CancelAfter(StorageBudget);
        using (TableRetryScope.Suppress())
            return await dedupe.ContainsAsync(UpdateKind, key, withinBudget.Token);
    }

    private static bool IsStorageOutage(Exception ex) => ex switch
    {
        TableConcurrencyException => false,
        TableStorageException storage => storage.Status == 0 || (int)storage.Status >= 500 || storage.Status == System.Net.HttpStatusCode.RequestTimeout,
        OperationCanceledException => true, // the storage budget ran out (the request itself was not aborted: see the filter)
        _ => false,
    };

    private static IResult Malformed(ILogger logger, string title, string? detail)
    {
        logger.LogWarning("Webhook body refused with 400: {Reason} {Detail}", title, detail);
        ChainTraderTelemetry.WebhookUpdatesDropped.Add(1, new KeyValuePair<string, object?>("reason", "malformed"));
        return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);
    }

    public static bool SecretMatches(string presented, string expected)
    {
        if (expected.Length == 0) return false;
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }

    private static IResult TooLarge(int limit) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"Update larger than {limit} bytes.");

    /// <summary>Reads at most <paramref name="limit"/> bytes; null when the body is longer (chunked bodies have no length).</summary>
    private static async Task<byte[]?> ReadLimitedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
