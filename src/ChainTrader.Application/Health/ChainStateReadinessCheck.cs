using ChainTrader.Application.Chains;

namespace ChainTrader.Application.Health;

/// <summary>The desk's stored state belongs to the chains its RPCs serve (genesis hash and chain id as recorded); fails naming any mismatch.</summary>
public sealed class ChainStateReadinessCheck(ChainStateGuard guard) : IReadinessCheck
{
    public string Name => "chain-state";

    public async Task<string> CheckAsync(CancellationToken cancellationToken)
    {
        var verdicts = await guard.VerdictsAsync(cancellationToken);
        var summary = string.Join(" | ", verdicts.Select(v => v.Summary));
        return verdicts.All(v => v.TradingAllowed) ? summary : throw new InvalidOperationException(summary);
    }
}
