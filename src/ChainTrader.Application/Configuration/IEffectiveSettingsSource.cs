namespace ChainTrader.Application.Configuration;

/// <summary>
/// A part of the app that reports its effective settings (after defaults and parsing). Every registered source feeds
/// /config and the one configuration hash; a part with settings of its own registers one.
/// </summary>
public interface IEffectiveSettingsSource
{
    IEnumerable<EffectiveSetting> Describe();
}
