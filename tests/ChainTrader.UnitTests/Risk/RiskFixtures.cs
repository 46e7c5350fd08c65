using ChainTrader.Core.Commands;
using ChainTrader.Core.Risk;
using ChainTrader.Core.Trades;

namespace ChainTrader.UnitTests.Risk;

/// <summary>A context every rule passes: $100k NAV, flat book, a $1,000 ETH buy with a clean quote.</summary>
internal static class RiskFixtures
{
    public static readonly DateTimeOffset Now = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);
    public static readonly RiskLimits Limits = new();

    public static TradeRequest Request => new(
        UserId: 42, Role: UserRole.Trader, Side: TradeSide.Buy, Symbol: "ETH",
        AmountIn: 1000m, AmountInDecimals: 6, ExpectedOut: 0.5m, MinOut: 0.4975m,
        NotionalUsd: 1000m, PriceImpactBps: 10, GasCostUsd: 1m, VenueFeeUsd: 3m);

    public static PortfolioSnapshot Portfolio => new(100_000m, [], 100_000m, 100_000m, 100_000m);

    public static RiskContext Context => new(Request, TradingActivity.None, Portfolio, new GateState(ExecutionMode.Live, false, false), OracleVerdict.Ok, Now);

    public static RiskContext With(Func<TradeRequest, TradeRequest> trade) => Context with { Trade = trade(Request) };

    public static RiskContext WithPortfolio(PortfolioSnapshot portfolio) => Context with { Portfolio = portfolio };

    public static RiskContext WithDeskTrades(params TradeMark[] trades) => Context with { Activity = new TradingActivity([], [], trades) };

    public static RiskContext WithUserTrades(params TradeMark[] trades) => Context with { Activity = new TradingActivity([], trades, []) };

    public static TradeMark[] Marks(int count, TimeSpan ago, string symbol = "BTC", decimal notional = 100m)
        => Enumerable.Range(0, count).Select(_ => new TradeMark(Now - ago, symbol, notional)).ToArray();
}
