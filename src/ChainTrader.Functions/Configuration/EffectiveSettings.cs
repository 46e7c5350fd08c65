using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace ChainTrader.Functions.Configuration;

/// <summary>
/// One effective setting as /config shows it and the configuration hash covers it. A secret's value is never held here:
/// only whether it is set.
/// </summary>
public sealed record EffectiveSetting(string Name, string Value, bool Secret = false)
{
    public static EffectiveSetting SecretOf(string name, string? value) => new(name, string.IsNullOrEmpty(value) ? "not set" : "set", Secret: true);
}

/// <summary>
/// A part of the app that reports its effective settings (after defaults and parsing). Every registered source feeds
/// /config and the one configuration hash; a part with settings of its own registers one.
/// </summary>
public interface IEffectiveSettingsSource
{
    IEnumerable<EffectiveSetting> Describe();
}

/// <summary>Describes an options class whose properties carry <see cref="ConfigurationKeyNameAttribute"/>s.</summary>
public static class OptionsSettings
{
    public static IEnumerable<EffectiveSetting> Describe<T>(T options) where T : class =>
        typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Key: p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name))
            .Where(p => p.Key is not null)
            .Select(p => p.Property.GetCustomAttribute<SecretSettingAttribute>() is not null
                ? EffectiveSetting.SecretOf(p.Key!, p.Property.GetValue(options) as string)
                : new EffectiveSetting(p.Key!, Convert.ToString(p.Property.GetValue(options), CultureInfo.InvariantCulture) ?? ""));
}

/// <summary>The effective settings of one options class (see <see cref="OptionsSettings"/>), for parts whose settings are all in one.</summary>
public sealed class OptionsSettingsSource<T>(Microsoft.Extensions.Options.IOptions<T> options) : IEffectiveSettingsSource where T : class
{
    public IEnumerable<EffectiveSetting> Describe() => OptionsSettings.Describe(options.Value);
}
