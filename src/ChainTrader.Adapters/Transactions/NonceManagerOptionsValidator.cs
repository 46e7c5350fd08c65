using System.Globalization;
using Microsoft.Extensions.Options;

namespace ChainTrader.Adapters.Transactions;

/// <summary>Checks a <see cref="NonceManagerOptions"/>, listing every problem with its setting (section "NonceManager") and value.</summary>
public sealed class NonceManagerOptionsValidator : IValidateOptions<NonceManagerOptions>
{
    public const string SectionName = "NonceManager";

    public ValidateOptionsResult Validate(string? name, NonceManagerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.AbandonAfter <= TimeSpan.Zero)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{nameof(options.AbandonAfter)}: {options.AbandonAfter} must be positive."));
        if (options.MaxConflictRetries < 1)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{nameof(options.MaxConflictRetries)}: {options.MaxConflictRetries} must be at least 1."));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
