using ChainTrader.Application.Health;

namespace ChainTrader.Application.Oracles;

/// <summary>
/// Every trading symbol (ORACLE_TRADING_SYMBOLS) has a usable price now: its latest snapshot passed every rule and is
/// still fresh, or a read now finds it usable. The detail names each symbol's price or the reason it is not usable.
/// </summary>
public sealed class OracleReadinessCheck(IPriceOracle oracle, OracleConfiguration configuration) : IReadinessCheck
{
    public string Name => "oracle";

    public async Task<string> CheckAsync(CancellationToken cancellationToken)
    {
        if (configuration.TradingSymbols.Count == 0)
            return "no trading symbols configured (ORACLE_TRADING_SYMBOLS=none)";
        var assessments = await Task.WhenAll(configuration.TradingSymbols.Select(async s =>
        {
            // A symbol the last poll could not price (its sources were unreachable) is read now: the check says what the
            // sources say, not what they said up to one poll interval ago.
            var current = await oracle.CurrentAsync(s, cancellationToken);
            return current.IsUsable ? current : await oracle.AssessNowAsync(s, cancellationToken);
        }));
        var details = assessments.Select(a => a.IsUsable
            ? $"{a.Symbol} {Core.Oracles.OracleRules.Format(a.Price!.Value)} usable"
            : $"{a.Symbol} not usable ({string.Join("; ", a.Failures.Select(f => f.Message))})").ToList();
        var text = string.Join(" | ", details);
        if (assessments.Any(a => !a.IsUsable))
            throw new InvalidOperationException(text);
        return text;
    }
}
