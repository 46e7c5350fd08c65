using ChainTrader.Application.Chains;
using ChainTrader.Application.Telemetry;

namespace ChainTrader.Application.Trades;

/// <summary>
/// Performs one effect a stored step asked for (<see cref="TradeEffectExecutor.ExecuteAsync"/>, every effect safe to
/// repeat) in the trade's own trace, and returns the events it observed as TradeJson. Refuses (throws) while the
/// chain-state guard forbids trading: a stored trade of another chain must never be driven on this one (its signed
/// bytes would replay here); the orchestration retries later.
/// </summary>
public sealed class RunTradeEffectActivity(TradeEffectExecutor executor, TradeChain chain, ChainStateGuard chainState)
{
    public const string Name = "RunTradeEffect";

    public async Task<IReadOnlyList<string>> RunAsync(RunTradeEffectInput input, CancellationToken cancellationToken)
    {
        var stored = input.Stored.ToStoredTrade();
        var effect = TradeWire.DecodeEffect(input.Effect);
        if (chainState.Known(chain.Chain.Name) is { TradingAllowed: false } verdict)
            throw new TradeRequestException($"Trade {stored.Trade.Id}: {effect.GetType().Name} refused: {verdict.Summary}");
        using var activity = TraceContext.Continue(stored.TraceParent, "trade effect", [new(TelemetryTags.TradeId, stored.Trade.Id)]);
        var observed = await executor.ExecuteAsync(stored, effect, cancellationToken);
        return observed.Select(TradeWire.Encode).ToList();
    }
}
