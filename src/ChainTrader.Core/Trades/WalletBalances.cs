using System.Numerics;

namespace ChainTrader.Core.Trades;

/// <summary>
/// The trading wallet's expected balances (pure): each asset's baseline plus the effect of every mined transaction
/// after the baseline's block. Settled chain fills move the two swapped tokens and pay gas; approvals pay gas. PAPER
/// fills (and fills stored before fills carried on-chain amounts) never count; DRY_RUN trades never settle.
/// </summary>
public static class WalletBalances
{
    /// <summary>The asset key of the chain's native coin.</summary>
    public const string Native = "native";

    /// <summary>The wallet effect of a trade's mined transaction: token deltas from its logs (none when it reverted) and its gas.</summary>
    public static WalletEffect EffectOf(TradeIntent intent, ReceiptFacts receipt)
    {
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(receipt);
        var (inDelta, outDelta) = receipt.Succeeded ? (receipt.TokenInDelta, receipt.TokenOutDelta) : (BigInteger.Zero, BigInteger.Zero);
        return new WalletEffect(receipt.BlockNumber, intent.TokenIn.Address, inDelta, intent.TokenOut.Address, outDelta,
            receipt.GasUsed * receipt.EffectiveGasPrice);
    }

    /// <summary>
    /// Every baseline's asset with the amount expected at block <paramref name="atBlock"/>, in the baselines' order:
    /// what was mined after the baseline's block and up to <paramref name="atBlock"/> counts.
    /// </summary>
    public static IReadOnlyList<(string Asset, BigInteger Amount)> Expected(
        IReadOnlyList<WalletBaseline> baselines, IReadOnlyList<Fill> fills, IReadOnlyList<GasCharge> gas, long atBlock)
    {
        ArgumentNullException.ThrowIfNull(baselines);
        if (baselines.FirstOrDefault(b => b.Block > atBlock) is { } later)
            throw new ArgumentException($"The baseline of {later.Asset} was read at block {later.Block}, after block {atBlock}.", nameof(atBlock));
        var effects = fills.Where(f => f.Kind != FillKind.Paper && f.OnChain is not null && f.OnChain.Block <= atBlock).Select(f => f.OnChain!).ToList();
        var charges = gas.Where(g => g.Block <= atBlock).DistinctBy(g => g.TxHash, StringComparer.OrdinalIgnoreCase).ToList();
        return baselines.Select(b => (b.Asset, ExpectedOf(b, effects, charges))).ToList();
    }

    private static BigInteger ExpectedOf(WalletBaseline baseline, IReadOnlyList<WalletEffect> effects, IReadOnlyList<GasCharge> gas)
    {
        var amount = baseline.Amount;
        foreach (var effect in effects.Where(e => e.Block > baseline.Block))
        {
            if (IsNative(baseline.Asset)) amount -= effect.GasWei;
            if (Same(baseline.Asset, effect.TokenIn)) amount += effect.TokenInDelta;
            if (Same(baseline.Asset, effect.TokenOut)) amount += effect.TokenOutDelta;
        }
        if (IsNative(baseline.Asset))
            amount -= gas.Where(g => g.Block > baseline.Block).Aggregate(BigInteger.Zero, (sum, g) => sum + g.GasWei);
        return amount;
    }

    private static bool IsNative(string asset) => Same(asset, Native);

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
