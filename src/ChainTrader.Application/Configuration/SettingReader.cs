using System.Globalization;

namespace ChainTrader.Application.Configuration;

/// <summary>
/// Reads flat settings (the names operators see) and collects every unreadable one as a problem naming the setting and
/// the value, instead of throwing at the first. A missing or blank setting takes its default.
/// </summary>
public sealed class SettingReader(IConfiguration configuration, List<string> problems)
{
    public bool IsSet(string name) => !string.IsNullOrWhiteSpace(configuration[name]);

    public int Int(string name, int fallback, int min, int max)
    {
        var text = configuration[name];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        problems.Add(min == int.MinValue && max == int.MaxValue
            ? $"{name}: \"{text}\" is not a whole number."
            : string.Create(CultureInfo.InvariantCulture, $"{name}: \"{text}\" is not a whole number from {min} to {max}."));
        return fallback;
    }

    public decimal Decimal(string name, decimal fallback)
    {
        var text = configuration[name];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            return value;
        problems.Add($"{name}: \"{text}\" is not a number (use a dot for decimals, no thousands separators).");
        return fallback;
    }

    public TimeSpan Seconds(string name, TimeSpan fallback, int min, int max) =>
        TimeSpan.FromSeconds(Int(name, (int)fallback.TotalSeconds, min, max));
}
