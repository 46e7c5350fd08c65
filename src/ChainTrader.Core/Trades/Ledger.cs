using System.Globalization;
using ChainTrader.Core.Risk;

namespace ChainTrader.Core.Trades;

/// <summary>
/// Settlement and ledger math (pure): fills from receipts or paper quotes, positions, average entry, realised and
/// unrealised PnL, period PnL against start-of-period NAV, drawdown from peak, and the portfolio snapshot the risk
/// engine reads.
/// </summary>
public static class Ledger
{
    private const int NativeDecimals = 18;

    /// <summary>
    /// The book a mode trades in. PAPER and LIVE each have their own (positions, PnL, breakers); a DRY_RUN rehearses a
    /// LIVE trade with the real wallet and never fills, so it is checked against, and shows, the LIVE book.
    /// </summary>
    public static ExecutionMode BookOf(ExecutionMode mode) => mode == ExecutionMode.Paper ? ExecutionMode.Paper : ExecutionMode.Live;

    /// <summary>The book a fill settles in: paper fills in PAPER's, chain and gas-only fills in LIVE's.</summary>
    public static ExecutionMode BookOf(Fill fill) => fill.Kind == FillKind.Paper ? ExecutionMode.Paper : ExecutionMode.Live;

    /// <summary>How much of <paramref name="symbol"/> the book holds (0 without a position).</summary>
    public static decimal Held(LedgerState ledger, string symbol) =>
        ledger.Positions.FirstOrDefault(p => SameSymbol(p.Symbol, symbol))?.Quantity ?? 0m;

    public static LedgerState Open(decimal startingCashUsd, DateTimeOffset now)
    {
        if (startingCashUsd < 0) throw new ArgumentException($"Starting cash ${startingCashUsd} is negative.", nameof(startingCashUsd));
        return new LedgerState
        {
            CashUsd = startingCashUsd,
            Day = DayOf(now), DayStartNavUsd = startingCashUsd,
            WeekStart = WeekOf(now), WeekStartNavUsd = startingCashUsd,
            PeakNavUsd = startingCashUsd,
        };
    }

    /// <summary>
    /// The fill a mined swap produced, from the wallet's token deltas in the receipt (not the quote), and its gas:
    /// gasUsed × effectiveGasPrice wei, valued at <paramref name="nativeUsd"/>. A reverted receipt gives a GasOnly fill.
    /// </summary>
    public static Fill FillFromReceipt(string tradeId, TradeIntent intent, ReceiptFacts receipt, decimal quoteTokenUsd, decimal nativeUsd, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(receipt);
        if (receipt.GasUsed < 0 || receipt.EffectiveGasPrice < 0)
            throw new ArgumentException($"Receipt {receipt.TxHash} has a negative gas figure (used {receipt.GasUsed}, price {receipt.EffectiveGasPrice}).", nameof(receipt));
        var gasNative = TokenUnits.ToHuman(receipt.GasUsed * receipt.EffectiveGasPrice, NativeDecimals);
        var gasUsd = gasNative * nativeUsd;
        var onChain = WalletBalances.EffectOf(intent, receipt);
        if (!receipt.Succeeded)
            return new Fill(tradeId, intent.Base.Symbol, intent.Side, 0m, 0m, 0m, gasNative, gasUsd, FillKind.GasOnly, receipt.TxHash, at, onChain);

        if (receipt.TokenInDelta >= 0 || receipt.TokenOutDelta <= 0)
            throw new ArgumentException(
                $"Receipt {receipt.TxHash} succeeded but the wallet's deltas are not a swap: {intent.TokenIn.Symbol} {receipt.TokenInDelta} (must be negative), {intent.TokenOut.Symbol} {receipt.TokenOutDelta} (must be positive).",
                nameof(receipt));
        var spent = TokenUnits.ToHuman(-receipt.TokenInDelta, intent.TokenIn.Decimals);
        var received = TokenUnits.ToHuman(receipt.TokenOutDelta, intent.TokenOut.Decimals);
        var (baseQty, quoteAmount) = intent.Side == TradeSide.Buy ? (received, spent) : (spent, received);
        return new Fill(tradeId, intent.Base.Symbol, intent.Side, baseQty, quoteAmount, quoteAmount * quoteTokenUsd, gasNative, gasUsd, FillKind.Chain, receipt.TxHash, at, onChain);
    }

    /// <summary>A PAPER fill: the quote's expected amounts, with the quote's gas estimate.</summary>
    public static Fill PaperFill(string tradeId, TradeIntent intent, TradeQuote quote, DateTimeOffset at)
    {
        var amountIn = TokenUnits.ToHuman(quote.AmountInRaw, intent.TokenIn.Decimals);
        var expectedOut = TokenUnits.ToHuman(quote.ExpectedOutRaw, intent.TokenOut.Decimals);
        var (baseQty, quoteAmount) = intent.Side == TradeSide.Buy ? (expectedOut, amountIn) : (amountIn, expectedOut);
        var gasNative = quote.NativeUsd == 0 ? 0m : quote.GasCostUsd / quote.NativeUsd;
        return new Fill(tradeId, intent.Base.Symbol, intent.Side, baseQty, quoteAmount, quoteAmount * quote.QuoteTokenUsd, gasNative, quote.GasCostUsd, FillKind.Paper, null, at);
    }

    /// <summary>Applies a fill once per trade. Selling more than the book holds treats the excess as acquired at zero cost.</summary>
    public static SettleResult Settle(LedgerState ledger, Fill fill)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(fill);
        if (fill.BaseQuantity < 0 || fill.QuoteUsd < 0 || fill.GasUsd < 0 || fill.GasNative < 0)
            throw new ArgumentException($"Fill for trade {fill.TradeId} has a negative amount.", nameof(fill));
        if (ledger.SettledTradeIds.Contains(fill.TradeId))
            return new SettleResult(ledger, false, 0m, $"trade {fill.TradeId} is already settled");

        var settled = ledger with
        {
            SettledTradeIds = [.. ledger.SettledTradeIds, fill.TradeId],
            CashUsd = ledger.CashUsd - fill.GasUsd,
            GasSpentUsd = ledger.GasSpentUsd + fill.GasUsd,
            GasSpentNative = ledger.GasSpentNative + fill.GasNative,
        };
        if (fill.Kind == FillKind.GasOnly || fill.BaseQuantity == 0)
            return new SettleResult(settled, true, 0m, $"gas {RiskRules.Usd(fill.GasUsd)} charged");

        var held = ledger.Positions.FirstOrDefault(p => SameSymbol(p.Symbol, fill.Symbol)) ?? new Position(fill.Symbol, 0m, 0m);
        var others = ledger.Positions.Where(p => !SameSymbol(p.Symbol, fill.Symbol));
        if (fill.Side == TradeSide.Buy)
        {
            var bought = held with { Quantity = held.Quantity + fill.BaseQuantity, CostUsd = held.CostUsd + fill.QuoteUsd };
            return new SettleResult(
                settled with { CashUsd = settled.CashUsd - fill.QuoteUsd, Positions = [.. others, bought] },
                true, 0m, $"bought {fill.BaseQuantity.ToString(CultureInfo.InvariantCulture)} {fill.Symbol} for {RiskRules.Usd(fill.QuoteUsd)}");
        }

        var fromBook = Math.Min(fill.BaseQuantity, held.Quantity);
        var costSold = held.Quantity == 0 ? 0m : held.CostUsd * fromBook / held.Quantity;
        var realised = fill.QuoteUsd - costSold;
        var remaining = held with { Quantity = held.Quantity - fromBook, CostUsd = held.CostUsd - costSold };
        return new SettleResult(
            settled with
            {
                CashUsd = settled.CashUsd + fill.QuoteUsd,
                RealisedPnlUsd = settled.RealisedPnlUsd + realised,
                Positions = remaining.Quantity == 0 ? [.. others] : [.. others, remaining],
            },
            true, realised,
            $"sold {fill.BaseQuantity.ToString(CultureInfo.InvariantCulture)} {fill.Symbol} for {RiskRules.Usd(fill.QuoteUsd)}, realised {RiskRules.Usd(realised)}"
                + (fill.BaseQuantity > fromBook ? $" ({(fill.BaseQuantity - fromBook).ToString(CultureInfo.InvariantCulture)} more than the book held, taken at zero cost)" : ""));
    }

    /// <summary>Every position at its price. Throws naming the symbol when a held symbol has no price.</summary>
    public static IReadOnlyList<PositionValuation> Value(LedgerState ledger, IReadOnlyDictionary<string, decimal> pricesUsd)
        => ledger.Positions.Select(p =>
        {
            var price = PriceOf(pricesUsd, p.Symbol);
            var value = p.Quantity * price;
            return new PositionValuation(p.Symbol, p.Quantity, p.AverageEntryUsd, price, value, value - p.CostUsd);
        }).ToList();

    public static decimal Nav(LedgerState ledger, IReadOnlyDictionary<string, decimal> pricesUsd)
        => ledger.CashUsd + Value(ledger, pricesUsd).Sum(v => v.ValueUsd);

    /// <summary>
    /// Marks the book at current prices: a new UTC day or ISO week starts its period at this NAV, and the peak rises.
    /// Call it on every valuation (oracle poll, sweep) so periods start close to their boundary.
    /// </summary>
    public static LedgerState Mark(LedgerState ledger, IReadOnlyDictionary<string, decimal> pricesUsd, DateTimeOffset now)
    {
        var nav = Nav(ledger, pricesUsd);
        var day = DayOf(now);
        var week = WeekOf(now);
        return ledger with
        {
            Day = day,
            DayStartNavUsd = day != ledger.Day ? nav : ledger.DayStartNavUsd,
            WeekStart = week,
            WeekStartNavUsd = week != ledger.WeekStart ? nav : ledger.WeekStartNavUsd,
            PeakNavUsd = Math.Max(ledger.PeakNavUsd, nav),
        };
    }

    /// <summary>Marks the book and returns what the risk engine reads: NAV, exposures, period starts, peak.</summary>
    public static (LedgerState Ledger, PortfolioSnapshot Snapshot) Snapshot(LedgerState ledger, IReadOnlyDictionary<string, decimal> pricesUsd, DateTimeOffset now)
    {
        var marked = Mark(ledger, pricesUsd, now);
        var valuations = Value(marked, pricesUsd);
        var snapshot = new PortfolioSnapshot(
            marked.CashUsd + valuations.Sum(v => v.ValueUsd),
            valuations.Select(v => new PositionExposure(v.Symbol, v.ValueUsd)).ToList(),
            marked.DayStartNavUsd, marked.WeekStartNavUsd, marked.PeakNavUsd);
        return (marked, snapshot);
    }

    private static decimal PriceOf(IReadOnlyDictionary<string, decimal> pricesUsd, string symbol)
    {
        foreach (var (key, price) in pricesUsd)
        {
            if (SameSymbol(key, symbol)) return price >= 0 ? price : throw new ArgumentException($"Price of {symbol} is negative ({price}).", nameof(pricesUsd));
        }
        throw new ArgumentException($"No price for held symbol {symbol}; the book cannot be valued without it.", nameof(pricesUsd));
    }

    private static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    private static DateOnly WeekOf(DateTimeOffset at)
    {
        var day = DayOf(at);
        var sinceMonday = ((int)day.DayOfWeek + 6) % 7;
        return day.AddDays(-sinceMonday);
    }

    private static bool SameSymbol(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
