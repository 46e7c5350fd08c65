using System.Globalization;
using Microsoft.Extensions.Options;

namespace ChainTrader.Adapters.Oracles;

/// <summary>
/// Checks <see cref="PythHermesOptions"/>. The endpoint is judged with the oracle settings (it may be "off", and it may carry a
/// provider token, so its value is never echoed); this checks what only the client uses.
/// </summary>
public sealed class PythHermesOptionsValidator : IValidateOptions<PythHermesOptions>
{
    public ValidateOptionsResult Validate(string? name, PythHermesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.TimeoutSeconds <= 0
            ? ValidateOptionsResult.Fail(string.Create(CultureInfo.InvariantCulture, $"PYTH_HERMES_TIMEOUT_S: {options.TimeoutSeconds} must be above 0."))
            : ValidateOptionsResult.Success;
    }
}
