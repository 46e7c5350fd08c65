using System.Security.Cryptography;
using System.Text;
using ChainTrader.Application.Configuration;

namespace ChainTrader.Application.Audit;

/// <summary>
/// The one configuration hash: SHA-256 over the effective non-secret settings of every registered
/// <see cref="IEffectiveSettingsSource"/>, as canonical lines <c>NAME=value\n</c> sorted by name (ordinal). Audit
/// events and trade events carry it, /config and /system_status show it, and a change between starts is announced.
/// Secrets are listed (as set / not set) but never hashed, so rotating a secret does not change the hash.
/// </summary>
public sealed class ConfigurationFingerprint
{
    public ConfigurationFingerprint(IEnumerable<IEffectiveSettingsSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var settings = new SortedDictionary<string, EffectiveSetting>(StringComparer.Ordinal);
        foreach (var setting in sources.SelectMany(s => s.Describe()))
        {
            if (!settings.TryAdd(setting.Name, setting))
                throw new InvalidOperationException($"Setting {setting.Name} is described by two sources; each setting must have one owner.");
        }
        Settings = settings.Values.ToList();
        Canonical = string.Concat(Settings.Where(s => !s.Secret).Select(s => $"{s.Name}={s.Value}\n"));
        Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical)));
    }

    /// <summary>Every effective setting, sorted by name; secrets carry only "set" or "not set".</summary>
    public IReadOnlyList<EffectiveSetting> Settings { get; }

    /// <summary>The exact text hashed: the non-secret settings as <c>NAME=value\n</c> lines in name order.</summary>
    public string Canonical { get; }

    /// <summary>Lower-case hex SHA-256 of <see cref="Canonical"/>.</summary>
    public string Hash { get; }

    /// <summary>The first 16 hex digits, for places where the whole hash is too long to read.</summary>
    public string ShortHash => Hash[..16];
}
