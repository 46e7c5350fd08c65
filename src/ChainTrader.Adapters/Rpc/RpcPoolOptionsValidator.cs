using System.Globalization;
using Microsoft.Extensions.Options;

namespace ChainTrader.Adapters.Rpc;

/// <summary>Checks an <see cref="RpcPoolOptions"/>, listing every problem with its setting (section "RpcPool") and value.</summary>
public sealed class RpcPoolOptionsValidator : IValidateOptions<RpcPoolOptions>
{
    public const string SectionName = "RpcPool";

    public ValidateOptionsResult Validate(string? name, RpcPoolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        void Add(string key, object value, string rule) =>
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{key}: {value} {rule}."));

        if (options.RequestTimeout <= TimeSpan.Zero) Add(nameof(options.RequestTimeout), options.RequestTimeout, "must be positive");
        if (options.MaxRetryAttempts < 0) Add(nameof(options.MaxRetryAttempts), options.MaxRetryAttempts, "cannot be negative");
        if (options.RetryBaseDelay < TimeSpan.Zero) Add(nameof(options.RetryBaseDelay), options.RetryBaseDelay, "cannot be negative");
        // Polly's circuit breaker needs a minimum throughput of 2.
        if (options.BreakerFailureThreshold < 2) Add(nameof(options.BreakerFailureThreshold), options.BreakerFailureThreshold, "must be at least 2");
        if (options.BreakDuration < TimeSpan.FromMilliseconds(500)) Add(nameof(options.BreakDuration), options.BreakDuration, "must be at least 0.5 s");
        if (options.LastResortTrialInterval <= TimeSpan.Zero || options.LastResortTrialInterval > options.BreakDuration)
            Add(nameof(options.LastResortTrialInterval), options.LastResortTrialInterval, $"must be positive and at most {SectionName}:{nameof(options.BreakDuration)} ({options.BreakDuration})");
        if (options.LagPenaltyPerBlock < TimeSpan.Zero) Add(nameof(options.LagPenaltyPerBlock), options.LagPenaltyPerBlock, "cannot be negative");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
