using System.Globalization;
using Microsoft.Extensions.Options;

namespace ChainTrader.Adapters.Storage;

/// <summary>Checks <see cref="TableStorageOptions"/>, listing every problem with its configuration key and value.</summary>
public sealed class TableStorageOptionsValidator : IValidateOptions<TableStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, TableStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        void Add(string key, object value, string rule) =>
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{TableStorageOptions.SectionName}:{key}: {value} {rule}."));

        if (options.MaxRetryAttempts is < 0 or > 20) Add(nameof(options.MaxRetryAttempts), options.MaxRetryAttempts, "is outside 0-20");
        if (options.RetryBaseDelay <= TimeSpan.Zero) Add(nameof(options.RetryBaseDelay), options.RetryBaseDelay, "must be positive");
        if (options.RetryMaxDelay < options.RetryBaseDelay)
            Add(nameof(options.RetryMaxDelay), options.RetryMaxDelay, $"is below {TableStorageOptions.SectionName}:{nameof(options.RetryBaseDelay)} ({options.RetryBaseDelay})");
        if (options.AttemptTimeout <= TimeSpan.Zero) Add(nameof(options.AttemptTimeout), options.AttemptTimeout, "must be positive");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
