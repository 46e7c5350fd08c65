using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChainTrader.Functions.Commands;
using ChainTrader.Functions.Configuration;
using ChainTrader.Functions.Dedupe;
using Microsoft.Extensions.Options;

namespace ChainTrader.Functions.Functions.TelegramWebhook;

/// <summary>
/// POST /telegram/webhook. Only a request carrying Telegram's secret header may reach the bot: the header is
/// compared in constant time so its value cannot be guessed byte by byte from response timings.
/// </summary>
public static class TelegramWebhookEndpoint
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>Dedupe partition of handled updates (key "update:{update_id}").</summary>
    public const string UpdateKind = "update";

    public static void MapTelegramWebhook(this IEndpointRouteBuilder app) => app.MapPost("/telegram/webhook", HandleAsync);

    private static async Task<IResult> HandleAsync(HttpRequest request, IOptions<ChainTraderOptions> options, DedupeStore dedupe,
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

        TelegramUpdate? update;
        try
        {
            using (var document = JsonDocument.Parse(body))
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("update_id", out var id) || id.ValueKind != JsonValueKind.Number || !id.TryGetInt64(out _))
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a Telegram Update: an object with a numeric update_id is required.");
            }
            update = JsonSerializer.Deserialize(body, TelegramUpdateJson.Default.TelegramUpdate);
        }
        catch (JsonException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed JSON.", detail: ex.Message);
        }
        if (update is null)
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a Telegram Update: the body is null.");

        // docs/architecture.md rule 2: a seen update has no second effect; the mark is written only after the effects,
        // so a crash in between re-runs the update and its keyed effects collapse.
        var key = update.UpdateId.ToString(CultureInfo.InvariantCulture);
        if (await dedupe.ContainsAsync(UpdateKind, key, cancellationToken))
        {
            logger.LogInformation("Update {UpdateId} was handled before; ignored", update.UpdateId);
            return Results.Ok();
        }
        var answer = await dispatcher.DispatchAsync(update, cancellationToken);
        await dedupe.TryAddAsync(UpdateKind, key, cancellationToken);
        return answer is null ? Results.Ok() : Results.Json(answer, TelegramUpdateJson.Default.WebhookMethodReply);
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
