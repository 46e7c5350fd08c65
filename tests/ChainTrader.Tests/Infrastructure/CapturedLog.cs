using Microsoft.Extensions.Logging;

namespace ChainTrader.Tests.Infrastructure;

/// <summary>One captured log line: its message, exception, structured values and every scope value, rendered as text.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Message, string? Exception,
    IReadOnlyDictionary<string, string> Values, IReadOnlyDictionary<string, string> Scopes)
{
    /// <summary>Everything the line carries, for scanning.</summary>
    public string AllText =>
        $"{Category} {Level} {Message} {Exception} {string.Join(' ', Values.Select(v => $"{v.Key}={v.Value}"))} {string.Join(' ', Scopes.Select(s => $"{s.Key}={s.Value}"))}";

    public string? Scope(string name) => Scopes.GetValueOrDefault(name);
}
