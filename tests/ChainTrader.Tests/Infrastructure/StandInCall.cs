using System.Globalization;
using System.Text.Json;

namespace ChainTrader.Tests.Infrastructure;

/// <summary>One recorded Bot API call (GET /_standin/calls).</summary>
public sealed record StandInCall(long Seq, DateTimeOffset Time, string Method, JsonElement Params, int Status, bool Ok,
    JsonElement? Result, int? ErrorCode, string? Description, int? RetryAfter)
{
    /// <summary>params.chat_id as a number (it may have been sent as a number or a string).</summary>
    public long? ChatId => Params.ValueKind == JsonValueKind.Object && Params.TryGetProperty("chat_id", out var id)
        ? id.ValueKind == JsonValueKind.Number ? id.GetInt64() : long.Parse(id.GetString()!, CultureInfo.InvariantCulture)
        : null;

    public string? Text => Params.ValueKind == JsonValueKind.Object && Params.TryGetProperty("text", out var t) ? t.GetString() : null;
}
