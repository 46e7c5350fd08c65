using ChainTrader.Core.Trades;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Trades;

/// <summary>
/// Checks the <c>Trades</c> timings at start. The rules stay in <see cref="TradeTimings.Problems"/> because the pure state
/// machine checks the same timings when it is built without DI.
/// </summary>
public sealed class TradeTimingsValidator : IValidateOptions<TradeTimings>
{
    public ValidateOptionsResult Validate(string? name, TradeTimings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
