using System.Globalization;
using Microsoft.Extensions.Options;

namespace ChainTrader.Adapters.Transactions;

/// <summary>Checks a <see cref="FeeEstimatorOptions"/>, listing every problem with its setting (section "FeeEstimator") and value.</summary>
public sealed class FeeEstimatorOptionsValidator : IValidateOptions<FeeEstimatorOptions>
{
    public const string SectionName = "FeeEstimator";

    public ValidateOptionsResult Validate(string? name, FeeEstimatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        void Add(string key, object value, string rule) =>
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{key}: {value} {rule}."));

        if (options.HistoryBlocks is < 1 or > 1024) Add(nameof(options.HistoryBlocks), options.HistoryBlocks, "is outside 1-1024");
        if (options.RewardPercentile is < 0 or > 100) Add(nameof(options.RewardPercentile), options.RewardPercentile, "is outside 0-100");
        if (options.MinPriorityFeePerGas.Sign < 0) Add(nameof(options.MinPriorityFeePerGas), options.MinPriorityFeePerGas, "cannot be negative");
        if (options.BaseFeeMultiplier < 1) Add(nameof(options.BaseFeeMultiplier), options.BaseFeeMultiplier, "must be at least 1");
        if (options.MaxFeePerGasCap is { Sign: <= 0 } cap) Add(nameof(options.MaxFeePerGasCap), cap, "must be positive");
        if (options.ReplacementBumpBps < 1_000)
            Add(nameof(options.ReplacementBumpBps), options.ReplacementBumpBps, "must be at least 1000 (+10 %): nodes refuse smaller bumps");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
