namespace ChainTrader.Application.Configuration;

/// <summary>
/// One effective setting as /config shows it and the configuration hash covers it. A secret's value is never held here:
/// only whether it is set.
/// </summary>
public sealed record EffectiveSetting(string Name, string Value, bool Secret = false)
{
    public static EffectiveSetting SecretOf(string name, string? value) => new(name, string.IsNullOrEmpty(value) ? "not set" : "set", Secret: true);
}
