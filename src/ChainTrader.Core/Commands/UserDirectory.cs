using System.Globalization;

namespace ChainTrader.Core.Commands;

/// <summary>
/// The three id lists from configuration. Admins and super-admins are listed ids too, so they count as
/// allow-listed: an operator never has to appear on two lists to trade.
/// </summary>
public sealed class UserDirectory
{
    private readonly IReadOnlySet<long> _traders;
    private readonly IReadOnlySet<long> _admins;
    private readonly IReadOnlySet<long> _superAdmins;

    public UserDirectory(IEnumerable<long> traders, IEnumerable<long> admins, IEnumerable<long> superAdmins)
    {
        _traders = traders.ToHashSet();
        _admins = admins.ToHashSet();
        _superAdmins = superAdmins.ToHashSet();
    }

    public static UserDirectory Empty { get; } = new([], [], []);

    /// <summary>Every listed user once, with their highest role, in id order.</summary>
    public IEnumerable<(long UserId, UserRole Role)> Listed =>
        _traders.Concat(_admins).Concat(_superAdmins).Distinct().Order().Select(id => (id, RoleOf(id)));

    public UserRole RoleOf(long userId) =>
        _superAdmins.Contains(userId) ? UserRole.SuperAdmin
        : _admins.Contains(userId) ? UserRole.Admin
        : _traders.Contains(userId) ? UserRole.Trader
        : UserRole.Stranger;

    /// <summary>
    /// Parses a comma-separated list of Telegram user ids (positive whole numbers). Every bad entry is added to
    /// <paramref name="problems"/> as "SETTING: entry N ..." so configuration validation can list them all.
    /// </summary>
    public static IReadOnlyList<long> ParseIdList(string? text, string settingName, List<string> problems)
    {
        var ids = new List<long>();
        if (string.IsNullOrWhiteSpace(text)) return ids;
        var entries = text.Split(',', StringSplitOptions.TrimEntries);
        for (var index = 0; index < entries.Length; index++)
        {
            var entry = entries[index];
            if (entry.Length == 0)
            {
                // A trailing comma is harmless; an empty entry in the middle is probably a lost id.
                if (index != entries.Length - 1) problems.Add($"{settingName}: entry {index + 1} is empty.");
                continue;
            }
            if (!long.TryParse(entry, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
                problems.Add($"{settingName}: entry {index + 1} (\"{Shorten(entry)}\") is not a Telegram user id (a positive whole number).");
            else if (ids.Contains(id))
                problems.Add($"{settingName}: user id {id} is listed twice.");
            else
                ids.Add(id);
        }
        return ids;
    }

    private static string Shorten(string text) => Chat.ChatText.Shorten(text, 24);
}
