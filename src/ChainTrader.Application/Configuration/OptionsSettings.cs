using System.Globalization;
using System.Reflection;

namespace ChainTrader.Application.Configuration;

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
