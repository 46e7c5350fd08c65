using System.Globalization;
using Microsoft.Extensions.Options;

namespace ChainTrader.Adapters.Transactions;

/// <summary>Checks a <see cref="GasEstimatorOptions"/>, listing every problem with its setting (section "GasEstimator") and value.</summary>
public sealed class GasEstimatorOptionsValidator : IValidateOptions<GasEstimatorOptions>
{
    public const string SectionName = "GasEstimator";

    public ValidateOptionsResult Validate(string? name, GasEstimatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.MarginPercent is < 0 or > 500)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{nameof(options.MarginPercent)}: {options.MarginPercent} is outside 0-500."));
        if (options.MaxGas < 21_000)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{nameof(options.MaxGas)}: {options.MaxGas} is below 21000, the cost of a plain transfer."));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
