namespace ChainTrader.Application.Configuration;

/// <summary>Marks a setting whose value must never be logged, shown by /config or folded into the configuration hash.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SecretSettingAttribute : Attribute;
