using System.Globalization;
using ChainTrader.Core.Alerts;

namespace ChainTrader.Application.Alerts;

/// <summary>
/// Where alerts go and how they are paced. Alerts are on when ADMIN_USER_IDS names admins; they go to ADMIN_CHAT_ID only
/// (the admin group, or one admin's private chat), never to traders' chats, so ADMIN_CHAT_ID is then required.
/// ALERT_DEDUPE_S (60), ALERT_ESCALATE_S (120).
/// </summary>
public sealed record AlertOptions(IReadOnlyList<long> AdminChatIds, AlertPolicy Policy)
{
    /// <summary>Reads the settings; throws <see cref="InvalidOperationException"/> naming every bad value.</summary>
    public static AlertOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();

        var admins = new List<long>();
        var raw = configuration["ADMIN_USER_IDS"] ?? "";
        foreach (var part in raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
                admins.Add(id);
            else
                problems.Add($"ADMIN_USER_IDS contains \"{part}\", which is not a Telegram user id (a positive whole number).");
        }
        if (admins.Count == 0 && problems.Count == 0)
            problems.Add("ADMIN_USER_IDS is empty: alerts need at least one admin chat (comma-separated Telegram user ids).");
        var chatText = configuration["ADMIN_CHAT_ID"]?.Trim() ?? "";
        long chat = 0;
        if (chatText.Length == 0)
            problems.Add(MissingChat);
        else if (!long.TryParse(chatText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out chat) || chat == 0)
            problems.Add($"ADMIN_CHAT_ID: \"{chatText}\" is not a Telegram chat id (a whole number other than 0; groups are negative).");

        var policy = PolicyFromConfiguration(configuration, problems);
        if (problems.Count > 0)
            throw new InvalidOperationException("Invalid alert settings:\n- " + string.Join("\n- ", problems));
        return new AlertOptions([chat], policy);
    }

    /// <summary>What settings validation says when alerts are on without an admin chat.</summary>
    public const string MissingChat =
        "ADMIN_CHAT_ID: not set; alerts are on (ADMIN_USER_IDS names admins) and go only to the admin chat, away from traders: " +
        "set it to the admin group's chat id (negative) or an admin's user id (their private chat with the bot).";

    /// <summary>ALERT_DEDUPE_S and ALERT_ESCALATE_S; unreadable values are added to <paramref name="problems"/> and keep their default.</summary>
    public static AlertPolicy PolicyFromConfiguration(IConfiguration configuration, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(problems);
        return new AlertPolicy(Seconds("ALERT_DEDUPE_S", 60, allowZero: true), Seconds("ALERT_ESCALATE_S", 120, allowZero: false));

        TimeSpan Seconds(string key, int fallback, bool allowZero)
        {
            var text = configuration[key];
            if (string.IsNullOrWhiteSpace(text))
                return TimeSpan.FromSeconds(fallback);
            if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && (allowZero || seconds > 0))
                return TimeSpan.FromSeconds(seconds);
            problems.Add($"{key} must be a whole number of seconds{(allowZero ? "" : " above 0")}; got \"{text}\".");
            return TimeSpan.FromSeconds(fallback);
        }
    }
}
