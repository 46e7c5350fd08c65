using System.Globalization;
using System.Numerics;
using System.Text;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Core.Chat;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Oracles;
using ChainTrader.Core.Telegram;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Chains;
using ChainTrader.Application.Oracles;

namespace ChainTrader.Application.Commands;

/// <summary>
/// /quote AMOUNT FROM TO: the DEX's exact-input quote (amounts in token units), its price impact and fees, and how far the
/// execution rate is from the oracle prices of both tokens. Nothing is traded.
/// </summary>
public sealed class QuoteCommandHandler(IPriceOracle oracle, OracleConfiguration configuration, ChainRpcPools pools) : ICommandHandler
{
    public IReadOnlyCollection<string> Commands { get; } = ["quote"];

    public async Task HandleAsync(CommandContext context, ChatCommand command, CancellationToken cancellationToken)
    {
        var quote = (QuoteCommand)command;
        var chain = configuration.Chains.FirstOrDefault(c => configuration.DexRoutes.Values.Any(r => r.Chain == c.Chain.Name))
                    ?? configuration.Chains.FirstOrDefault(c => c.Chain.DexRouter is not null && c.Tokens.Count > 0);
        if (chain is null)
        {
            await context.ReplyAsync("Quotes are not available: no enabled chain has a DEX router with known tokens.", cancellationToken);
            return;
        }

        string fromSymbol, toSymbol;
        try
        {
            fromSymbol = PriceText.Symbol(configuration, quote.From);
            toSymbol = PriceText.Symbol(configuration, quote.To);
        }
        catch (UnsupportedSymbolException ex)
        {
            await context.ReplyAsync(TelegramHtml.Escape(ex.Message), cancellationToken);
            return;
        }
        var problem = fromSymbol == toSymbol ? $"FROM and TO are both {fromSymbol}; a quote needs two different tokens."
            : !chain.Tokens.ContainsKey(fromSymbol) ? $"{fromSymbol} has no token on {chain.Chain.Name}."
            : !chain.Tokens.ContainsKey(toSymbol) ? $"{toSymbol} has no token on {chain.Chain.Name}."
            : null;
        var from = chain.Tokens.GetValueOrDefault(fromSymbol);
        var to = chain.Tokens.GetValueOrDefault(toSymbol);
        BigInteger amountIn = default;
        if (problem is null && !TokenUnits.TryToRaw(quote.Amount, from!.Decimals, out amountIn))
            problem = $"{from.Ticker} has {from.Decimals} decimals; {quote.Amount.ToString(CultureInfo.InvariantCulture)} has more.";
        if (problem is null && amountIn.Sign <= 0)
            problem = "The amount must be above 0.";
        if (problem is not null)
        {
            await context.ReplyAsync(TelegramHtml.Escape(problem), cancellationToken);
            return;
        }

        var router = new UniswapV2Router(pools.For(chain.Chain.Name), Address.Parse(chain.Chain.DexRouter!));
        var stable = chain.Tokens.GetValueOrDefault(OracleConfiguration.Stablecoin);
        var paths = new List<IReadOnlyList<ChainToken>> { new[] { from!, to! } };
        if (stable is not null && stable != from && stable != to)
            paths.Add([from!, stable, to!]);
        SwapQuote? swap = null;
        IReadOnlyList<ChainToken>? used = null;
        var errors = new List<string>();
        foreach (var path in paths)
        {
            try
            {
                swap = await router.QuoteExactInAsync(amountIn, path.Select(t => t.Address).ToList(), cancellationToken: cancellationToken);
                used = path;
                break;
            }
            catch (Exception ex) when (ex is InvalidOperationException or ContractRevertException or ChainTrader.Adapters.Rpc.JsonRpcErrorException)
            {
                errors.Add($"{string.Join("→", path.Select(t => t.Ticker))}: {ex.Message}");
            }
            catch (ChainTrader.Adapters.Rpc.RpcPoolUnavailableException ex)
            {
                errors.Add($"{chain.Chain.Name} RPC unavailable: {ex.Message}");
                break;
            }
        }
        if (swap is null)
        {
            await context.ReplyAsync(TelegramHtml.Escape($"No quote for {from!.Ticker} → {to!.Ticker}: {string.Join("; ", errors)}"), cancellationToken);
            return;
        }

        var amountOut = TokenUnits.ToHuman(swap.AmountOut, to!.Decimals);
        var text = new StringBuilder($"<b>Quote</b> on {TelegramHtml.Escape(chain.Chain.Name)} via {TelegramHtml.Escape(string.Join(" → ", used!.Select(t => t.Ticker)))}\n");
        text.Append($"{TelegramHtml.Escape(OracleRules.Format(quote.Amount))} {TelegramHtml.Escape(from!.Ticker)} → {TelegramHtml.Escape(ChatNumbers.Amount(amountOut))} {TelegramHtml.Escape(to.Ticker)}\n");
        text.Append($"Rate: 1 {TelegramHtml.Escape(from.Ticker)} = {TelegramHtml.Escape(ChatNumbers.Amount(amountOut / quote.Amount))} {TelegramHtml.Escape(to.Ticker)}\n");
        text.Append($"Price impact: {PriceText.Bps(swap.PriceImpactBps)} bps; with LP fees: {PriceText.Bps(swap.TotalCostBps)} bps\n");

        var fromPrice = await oracle.CurrentAsync(fromSymbol, cancellationToken);
        var toPrice = await oracle.CurrentAsync(toSymbol, cancellationToken);
        if (fromPrice.IsUsable && toPrice.IsUsable)
        {
            var fair = quote.Amount * fromPrice.Price!.Value / toPrice.Price!.Value;
            var againstOracle = (fair - amountOut) / fair * 10_000m;
            text.Append($"Against the oracle ({fromSymbol} {PriceText.Price(fromPrice.Price.Value)}, {toSymbol} {PriceText.Price(toPrice.Price.Value)}): " +
                        $"fair {TelegramHtml.Escape(ChatNumbers.Amount(fair))} {TelegramHtml.Escape(to.Ticker)}, " +
                        $"this quote gives {PriceText.Bps(againstOracle)} bps {(againstOracle >= 0 ? "less" : "more")}");
        }
        else
        {
            var unusable = new[] { fromPrice, toPrice }.Where(a => !a.IsUsable).ToList();
            text.Append("Against the oracle: not checked; " + TelegramHtml.Escape(string.Join("; ", unusable.Select(a =>
                $"{a.Symbol}/USD not usable ({string.Join("; ", a.Failures.Select(f => f.Message))})"))));
        }
        await context.ReplyAsync(text.ToString(), cancellationToken);
    }
}
