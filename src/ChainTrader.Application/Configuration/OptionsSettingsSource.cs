namespace ChainTrader.Application.Configuration;

/// <summary>The effective settings of one options class (see <see cref="OptionsSettings"/>), for parts whose settings are all in one.</summary>
public sealed class OptionsSettingsSource<T>(Microsoft.Extensions.Options.IOptions<T> options) : IEffectiveSettingsSource where T : class
{
    public IEnumerable<EffectiveSetting> Describe() => OptionsSettings.Describe(options.Value);
}
