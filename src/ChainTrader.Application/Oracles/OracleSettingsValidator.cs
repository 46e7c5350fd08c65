using ChainTrader.Application.Configuration;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Oracles;

/// <summary>
/// Checks the oracle settings at start with the others (fail fast, every problem listed). Chain problems are reported by
/// <see cref="ChainTraderOptionsValidator"/>; while there are any, the oracle settings built on the chains are not judged.
/// </summary>
public sealed class OracleSettingsValidator(IConfiguration configuration) : IValidateOptions<ChainTraderOptions>
{
    public ValidateOptionsResult Validate(string? name, ChainTraderOptions options)
    {
        var chainProblems = new List<string>();
        var catalog = ChainCatalog.Build(options, configuration, chainProblems);
        if (chainProblems.Count > 0)
            return ValidateOptionsResult.Skip;
        try
        {
            OracleConfiguration.FromConfiguration(configuration, catalog);
            return ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message.Split("\n- ").Skip(1));
        }
    }
}
