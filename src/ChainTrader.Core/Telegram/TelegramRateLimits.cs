using System.Globalization;

namespace ChainTrader.Core.Telegram;

/// <summary>
/// Telegram's outbound limits as ChainTrader keeps them: at most <see cref="GlobalPerSecond"/> sends a second over all
/// chats, sends to one chat at least <see cref="ChatInterval"/> apart (under 1 msg/s), and at most
/// <see cref="GroupPerWindow"/> sends to a group chat (negative id) in any <see cref="GroupWindow"/>.
/// Edits count like sends (Telegram counts them).
/// </summary>
public sealed record TelegramRateLimits(int GlobalPerSecond, TimeSpan ChatInterval, int GroupPerWindow, TimeSpan GroupWindow)
{
    /// <summary>The seeds' figures: 25/s overall, under 1/s per chat, 20/min per group.</summary>
    public static TelegramRateLimits Default { get; } = new(25, TimeSpan.FromMilliseconds(1050), 20, TimeSpan.FromMinutes(1));

    public static bool IsGroup(long chatId) => chatId < 0;

    /// <summary>How many recent send times one chat must remember to apply its limits.</summary>
    public int RememberedSends(long chatId) => IsGroup(chatId) ? GroupPerWindow : 1;

    /// <summary>
    /// The earliest moment the next send to <paramref name="chatId"/> may start, given the chat's recent send times
    /// (ascending) and a Telegram retry_after deadline if one is pending.
    /// </summary>
    public DateTimeOffset EarliestNextSend(long chatId, IReadOnlyList<DateTimeOffset> recentSends, DateTimeOffset? notBefore)
    {
        var earliest = notBefore ?? DateTimeOffset.MinValue;
        if (recentSends.Count > 0)
            earliest = Max(earliest, recentSends[^1] + ChatInterval);
        if (IsGroup(chatId) && recentSends.Count >= GroupPerWindow)
            earliest = Max(earliest, recentSends[^GroupPerWindow] + GroupWindow);
        return earliest;
    }

    /// <summary>The recent sends after one more at <paramref name="sentAt"/>, trimmed to what <see cref="EarliestNextSend"/> needs.</summary>
    public IReadOnlyList<DateTimeOffset> Record(long chatId, IReadOnlyList<DateTimeOffset> recentSends, DateTimeOffset sentAt)
    {
        var keep = RememberedSends(chatId);
        return recentSends.Append(sentAt).Order().TakeLast(keep).ToArray();
    }

    /// <summary>Send times as stored on the chat's state row: Unix milliseconds, comma-separated, ascending.</summary>
    public static string EncodeSends(IReadOnlyList<DateTimeOffset> sends) =>
        string.Join(',', sends.Select(s => s.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));

    public static IReadOnlyList<DateTimeOffset> DecodeSends(string? text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        return text.Split(',').Select(part => long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                : throw new FormatException($"Stored send times \"{text}\" contain \"{part}\", which is not Unix milliseconds."))
            .Order().ToArray();
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
