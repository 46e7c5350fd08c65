using Microsoft.Extensions.Options;

namespace ChainTrader.Adapters;

public static class OptionsValidatorExtensions
{
    /// <summary>
    /// Runs <paramref name="validator"/> on options built by code rather than by the options pattern (ct-cast, benchmarks,
    /// direct construction), so they meet the same rules as bound ones and fail the same way: one exception listing every problem.
    /// </summary>
    public static T ThrowIfInvalid<T>(this IValidateOptions<T> validator, T options) where T : class
    {
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(options);
        var result = validator.Validate(Options.DefaultName, options);
        if (result.Failed) throw new OptionsValidationException(Options.DefaultName, typeof(T), result.Failures);
        return options;
    }
}
