using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using ChainTrader.Functions.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ChainTrader.Functions.Audit;

/// <summary>
/// The effective non-secret settings (every <see cref="ChainTraderOptions"/> property not marked
/// <see cref="SecretSettingAttribute"/>) and their SHA-256, stamped on every audit event so an action can be tied to
/// the exact configuration it ran under.
/// </summary>
public sealed class ConfigurationFingerprint
{
    public ConfigurationFingerprint(IOptions<ChainTraderOptions> options)
    {
        Settings = Describe(options.Value);
        var canonical = string.Concat(Settings.Select(s => $"{s.Key}={s.Value}\n"));
        Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>Setting name → effective value, sorted by name; secrets are absent.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Settings { get; }

    /// <summary>Lower-case hex SHA-256 of the lines "NAME=value\n" in name order.</summary>
    public string Hash { get; }

    public static IReadOnlyList<KeyValuePair<string, string>> Describe(ChainTraderOptions options) =>
        typeof(ChainTraderOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<SecretSettingAttribute>() is null)
            .Select(p => (Property: p, Key: p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name))
            .Where(p => p.Key is not null)
            .Select(p => KeyValuePair.Create(p.Key!, Convert.ToString(p.Property.GetValue(options), CultureInfo.InvariantCulture) ?? ""))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToList();
}
