using ChainTrader.Core.Commands;
using ChainTrader.Core.Trades;
using ChainTrader.Core.Evm;

namespace ChainTrader.UnitTests.Commands;

public class CommandParserTests
{
    private const string Checksummed = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"; // EIP-55 test vector

    private static ChatCommand Ok(string text, string? bot = "chaintrader_bot")
    {
        var outcome = CommandParser.Parse(text, bot);
        return Assert.IsType<ParsedCommand>(outcome).Command;
    }

    private static ParseError Error(string text, string? bot = "chaintrader_bot") => Assert.IsType<ParseError>(CommandParser.Parse(text, bot));

    [Fact]
    public void EveryCatalogCommandParsesWithValidArguments()
    {
        var examples = new Dictionary<string, string>
        {
            ["start"] = "/start", ["help"] = "/help", ["price"] = "/price ETH", ["quote"] = "/quote 1.5 WETH USDC",
            ["buy"] = "/buy 100 ETH", ["sell"] = "/sell all ETH", ["swap"] = "/swap 0.5 WETH USDC", ["status"] = "/status",
            ["positions"] = "/positions", ["balance"] = "/balance", ["pnl"] = "/pnl", ["history"] = "/history",
            ["cancel"] = "/cancel t-12345", ["emergency_stop"] = "/emergency_stop", ["emergency_resume"] = "/emergency_resume",
            ["maintenance_mode"] = "/maintenance_mode on", ["execution_mode"] = "/execution_mode PAPER", ["system_status"] = "/system_status",
            ["risk_summary"] = "/risk_summary", ["rate_limits"] = "/rate_limits", ["price_feeds"] = "/price_feeds", ["config"] = "/config",
            ["watch"] = "/watch 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 base hot wallet", ["unwatch"] = "/unwatch hot wallet",
            ["watches"] = "/watches", ["tx"] = "/tx 0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060",
        };
        Assert.Equal(CommandCatalog.All.Select(c => c.Name).Order(), examples.Keys.Order());
        foreach (var (name, text) in examples)
            Assert.Equal(name, Ok(text).Name);
        // The watcher's words pass through as typed; the watcher checks them (tests/ChainTrader.UnitTests/Watching).
        Assert.Equal(["0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "base", "hot", "wallet"], Assert.IsType<WatcherCommand>(Ok(examples["watch"])).Arguments);
    }

    [Theory]
    [InlineData("/help@chaintrader_bot")]
    [InlineData("/help@ChainTrader_Bot")]
    [InlineData("  /help  ")]
    [InlineData("/HELP")]
    [InlineData("/Help\n")]
    public void BotSuffixCaseAndWhitespaceAreAccepted(string text) => Assert.IsType<HelpCommand>(Ok(text));

    [Fact]
    public void CommandsForAnotherBotAreNotOurs()
    {
        var outcome = Assert.IsType<AddressedToAnotherBot>(CommandParser.Parse("/help@other_bot", "chaintrader_bot"));
        Assert.Equal("other_bot", outcome.BotUsername);
        Assert.IsType<HelpCommand>(Ok("/help@other_bot", bot: null));
    }

    [Fact]
    public void ArgumentsMaySpanTabsNewlinesAndRepeatedSpaces()
    {
        var swap = Assert.IsType<SwapCommand>(Ok("/swap \t 0.25\n\n weth    usdc "));
        Assert.Equal(0.25m, swap.Amount);
        Assert.Equal(new SymbolAsset("WETH"), swap.From);
        Assert.Equal(new SymbolAsset("USDC"), swap.To);
    }

    [Fact]
    public void TypedArgumentsCarryTheirValues()
    {
        Assert.Equal(new BuyCommand(new SymbolAsset("ETH"), 100.5m), Ok("/buy eth 100.5"));
        Assert.Equal(new SellCommand(new SymbolAsset("ETH"), null), Ok("/sell ETH ALL"));
        Assert.True(((SellCommand)Ok("/sell ETH all")).All);
        Assert.Equal(new SellCommand(new SymbolAsset("ETH"), 0.000000000000000001m), Ok("/sell ETH 0.000000000000000001"));
        Assert.Equal(new PriceCommand(new SymbolAsset("ETH/USD")), Ok("/price eth/usd"));
        Assert.Equal(new PriceCommand(new AddressAsset(Address.Parse(Checksummed))), Ok($"/price {Checksummed}"));
        Assert.Equal(new PriceCommand(new AddressAsset(Address.Parse(Checksummed))), Ok($"/price {Checksummed.ToLowerInvariant()}"));
        Assert.Equal(new StatusCommand(new TradeLookup("t-42abc", null)), Ok("/status t-42abc"));
        var hash = "0x" + new string('A', 64);
        Assert.Equal(new StatusCommand(new TradeLookup(null, "0x" + new string('a', 64))), Ok($"/status {hash}"));
        Assert.Equal(new PnlCommand(PnlPeriod.Week), Ok("/pnl week"));
        Assert.Equal(new PnlCommand(PnlPeriod.Day), Ok("/pnl"));
        Assert.Equal(new HistoryCommand(50), Ok("/history 50"));
        Assert.Equal(new HistoryCommand(CommandParser.DefaultHistoryCount), Ok("/history"));
        Assert.Equal(new BalanceCommand(new SymbolAsset("USDC")), Ok("/balance usdc"));
        Assert.Equal(new ExecutionModeCommand(ExecutionMode.Live), Ok("/execution_mode live"));
        Assert.Equal(new ExecutionModeCommand(ExecutionMode.DryRun), Ok("/execution_mode DRY_RUN"));
        Assert.Equal(new ExecutionModeCommand(null), Ok("/execution_mode"));
        Assert.Equal(new MaintenanceModeCommand(false), Ok("/maintenance_mode OFF"));
        Assert.Equal(new MaintenanceModeCommand(null), Ok("/maintenance_mode"));
        Assert.Equal(new EmergencyStopCommand("oracle   looks wrong"), Ok("/emergency_stop   oracle   looks wrong "));
        Assert.Equal(new EmergencyStopCommand(null), Ok("/emergency_stop"));
    }

    [Theory]
    [InlineData("hello", "not a command")]
    [InlineData("", "not a command")]
    [InlineData("/", "lone /")]
    [InlineData("/he-lp", "not a command name")]
    [InlineData("/frobnicate", "Unknown command /frobnicate")]
    [InlineData("/help@", "names no bot")]
    public void NonCommandsGetASpecificMessage(string text, string expected)
    {
        var error = Error(text);
        Assert.Null(error.CommandName);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("/help me", "takes no arguments, but got 1")]
    [InlineData("/price", "needs 1 argument, but got 0")]
    [InlineData("/buy ETH", "needs an amount and a token, but got 1 argument")]
    [InlineData("/buy ETH 1 2", "expected \"with TOKEN\" after the amount and the token, but got \"2\"")]
    [InlineData("/buy ETH -5", "\"-5\" is not a number")]
    [InlineData("/buy ETH 1e5", "\"1e5\" is not a number")]
    [InlineData("/buy ETH 1,5", "has a comma")]
    [InlineData("/buy ETH .5", "\".5\" is not a number")]
    [InlineData("/buy ETH 5.", "\"5.\" is not a number")]
    [InlineData("/buy ETH 1.2.3", "is not a number")]
    [InlineData("/buy ETH 0", "greater than zero")]
    [InlineData("/buy ETH 0.000", "greater than zero")]
    [InlineData("/buy ETH 10.1234567890123456789", "19 decimal places; at most 18")]
    [InlineData("/buy ETH 1234567890123456", "too large: at most 15 digits")]
    [InlineData("/sell ETH 1.0000000000000000001", "19 decimal places; at most 18")]
    [InlineData("/sell ETH 123456789012.123456789012345678", "more than 28 significant digits")]
    [InlineData("/sell ETH none", "neither \"ETH\" nor \"none\" is an amount")]
    [InlineData("/price ETH$", "contains '$'")]
    [InlineData("/price ABCDEFGHIJKLMNOP", "16 characters; a symbol has at most 15")]
    [InlineData("/price -ETH", "must start with a letter or digit")]
    [InlineData("/price 0x123", "40 hex digits")]
    [InlineData("/price 0xZZAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "non-hex character 'Z'")]
    [InlineData("/price 0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "EIP-55 checksum is wrong")]
    [InlineData("/price 0X5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", "lower-case 0x")]
    [InlineData("/swap 1 WETH weth", "a swap needs two different tokens")]
    [InlineData("/status 0x1234", "not a transaction hash")]
    [InlineData("/status 0xgg34567890123456789012345678901234567890123456789012345678901234", "non-hex character 'g'")]
    [InlineData("/status t!", "not a trade id")]
    [InlineData("/cancel", "needs 1 argument")]
    [InlineData("/cancel ab", "not a trade id")]
    [InlineData("/cancel -abc", "not a trade id")]
    [InlineData("/pnl year", "not a period")]
    [InlineData("/history 0", "not a count from 1 to 50")]
    [InlineData("/history 51", "not a count from 1 to 50")]
    [InlineData("/history t!", "neither a count from 1 to 50 nor a trade id")]
    [InlineData("/maintenance_mode maybe", "neither on nor off")]
    [InlineData("/execution_mode TURBO", "not an execution mode; use DRY_RUN, PAPER or LIVE")]
    [InlineData("/execution_mode DRY", "not an execution mode")]
    [InlineData("/execution_mode LIVE now", "at most 1 argument, but got 2")]
    // /buy: how many words
    [InlineData("/buy", "needs an amount and a token, but got 0 arguments")]
    [InlineData("/buy 100", "needs an amount and a token, but got 1 argument")]
    [InlineData("/buy 100 ETH with USDC now", "takes at most 4 arguments (AMOUNT SYMBOL with TOKEN), but got 5")]
    // /buy: which word is the amount
    [InlineData("/buy 100 200", "\"100\" and \"200\" are both amounts")]
    [InlineData("/buy ETH WBTC", "neither \"ETH\" nor \"WBTC\" is an amount; write it like 25 or 0.5")]
    [InlineData("/buy 1e5 1e6", "neither \"1e5\" nor \"1e6\" is an amount")]
    [InlineData("/buy 1e5 ETH", "the amount \"1e5\" is not a number")]
    [InlineData("/buy 1INCH 1e5", "the amount \"1e5\" is not a number")]
    [InlineData("/buy -5 ETH", "the amount \"-5\" is not a number")]
    [InlineData("/buy +5 ETH", "the amount \"+5\" is not a number")]
    [InlineData("/buy .5 ETH", "the amount \".5\" is not a number")]
    [InlineData("/buy 5. ETH", "the amount \"5.\" is not a number")]
    [InlineData("/buy 1,5 ETH", "has a comma")]
    [InlineData("/buy 1.2.3 ETH", "is not a number")]
    [InlineData("/buy 0 ETH", "greater than zero")]
    [InlineData("/buy 1234567890123456 ETH", "too large: at most 15 digits")]
    [InlineData("/buy 1.0000000000000000001 ETH", "19 decimal places; at most 18")]
    // /buy: the token and the paying token
    [InlineData("/buy 100 ETH$", "the token to buy \"ETH$\" contains '$'")]
    [InlineData("/buy 100 -ETH", "must start with a letter or digit")]
    [InlineData("/buy 100 ABCDEFGHIJKLMNOP", "16 characters; a symbol has at most 15")]
    [InlineData("/buy 100 0x123", "40 hex digits")]
    [InlineData("/buy 100 0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "EIP-55 checksum is wrong")]
    [InlineData("/buy 100 ETH with", "\"with\" needs the token to pay with after it")]
    [InlineData("/buy 100 ETH using USDC", "expected \"with TOKEN\" after the amount and the token, but got \"using\"")]
    [InlineData("/buy 100 ETH USDC", "expected \"with TOKEN\" after the amount and the token, but got \"USDC\"")]
    [InlineData("/buy 100 ETH with eth", "ETH cannot pay for itself")]
    [InlineData("/buy 100 ETH with USDC$", "the token to pay with \"USDC$\" contains '$'")]
    [InlineData("/buy 100 ETH with 0xZZAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "non-hex character 'Z'")]
    // /sell
    [InlineData("/sell", "needs 2 arguments, but got 0")]
    [InlineData("/sell all", "needs 2 arguments, but got 1")]
    [InlineData("/sell all ETH now", "needs 2 arguments, but got 3")]
    [InlineData("/sell all all", "\"all\" and \"all\" are both amounts")]
    [InlineData("/sell 5 all", "\"5\" and \"all\" are both amounts")]
    [InlineData("/sell ETH WBTC", "needs an amount (or all) and a token, but neither \"ETH\" nor \"WBTC\" is an amount")]
    [InlineData("/sell -1 ETH", "the amount \"-1\" is not a number")]
    [InlineData("/sell 0.0 ETH", "greater than zero")]
    [InlineData("/sell all ETH!", "the token to sell \"ETH!\" contains '!'")]
    // /history
    [InlineData("/history -5", "\"-5\" is neither a count from 1 to 50 nor a trade id")]
    [InlineData("/history ab", "\"ab\" is neither a count from 1 to 50 nor a trade id")]
    [InlineData("/history 99999999999", "not a count from 1 to 50")]
    [InlineData("/history 0x12", "not a transaction hash")]
    [InlineData("/history t1 t2", "takes at most 1 argument, but got 2")]
    public void BadArgumentsNameTheProblemAndShowUsage(string text, string expected)
    {
        var error = Error(text);
        Assert.NotNull(error.CommandName);
        Assert.Contains(expected, error.Message);
        Assert.EndsWith("\nUsage: " + CommandCatalog.Get(error.CommandName).Usage, error.Message);
    }

    [Fact]
    public void LongEmergencyReasonIsRefused()
    {
        Assert.Contains("at most 200", Error("/emergency_stop " + new string('x', 201)).Message);
        Assert.Equal(new EmergencyStopCommand(new string('x', 200)), Ok("/emergency_stop " + new string('x', 200)));
    }

    [Fact]
    public void LargestAcceptedAmountsAreExact()
    {
        Assert.Equal(999999999999999.999999m, ((BuyCommand)Ok("/buy ETH 999999999999999.999999")).Amount);
        Assert.Equal(1234567890.123456789012345678m, ((SellCommand)Ok("/sell ETH 1234567890.123456789012345678")).Amount);
        Assert.Equal(7m, ((BuyCommand)Ok("/buy ETH 0007")).Amount);
    }

    // ---- /buy, /sell and /history as the trade-lifecycle issue writes them, with the old order still accepted ----

    [Theory]
    [InlineData("/buy 100 ETH")]
    [InlineData("/buy ETH 100")]
    [InlineData("/buy 100 eth")]
    [InlineData("/BUY\t eth \n 100 ")]
    [InlineData("/buy@chaintrader_bot 100 ETH")]
    public void BuyTakesTheAmountAndTheTokenInEitherOrder(string text) =>
        Assert.Equal(new BuyCommand(new SymbolAsset("ETH"), 100m), Ok(text));

    [Theory]
    [InlineData("/buy 0.5 WBTC with WETH")]
    [InlineData("/buy WBTC 0.5 with WETH")]
    [InlineData("/buy 0.5 wbtc WITH weth")]
    [InlineData("/buy 0.5 WBTC With WETH")]
    public void BuyWithNamesThePayingToken(string text)
    {
        var buy = Assert.IsType<BuyCommand>(Ok(text));
        Assert.Equal(new BuyCommand(new SymbolAsset("WBTC"), 0.5m, new SymbolAsset("WETH")), buy);
    }

    [Fact]
    public void BuyTokensMayBeAddressesOrStartWithADigit()
    {
        Assert.Equal(new BuyCommand(new AddressAsset(Address.Parse(Checksummed)), 25m), Ok($"/buy 25 {Checksummed}"));
        Assert.Equal(new BuyCommand(new AddressAsset(Address.Parse(Checksummed)), 25m), Ok($"/buy {Checksummed} 25"));
        Assert.Equal(new BuyCommand(new SymbolAsset("ETH"), 25m, new AddressAsset(Address.Parse(Checksummed))), Ok($"/buy 25 ETH with {Checksummed}"));
        Assert.Equal(new BuyCommand(new SymbolAsset("1INCH"), 100m), Ok("/buy 100 1inch"));
        Assert.Equal(new BuyCommand(new SymbolAsset("1INCH"), 100m), Ok("/buy 1INCH 100"));
        // "with" is only a keyword in third place; as the token it is a symbol like any other.
        Assert.Equal(new BuyCommand(new SymbolAsset("WITH"), 3m), Ok("/buy 3 with"));
    }

    [Fact]
    public void BuyAmountsAreInThePayingTokensUnitsUpTo18Decimals()
    {
        Assert.Equal(0.000000000000000001m, ((BuyCommand)Ok("/buy 0.000000000000000001 WBTC with WETH")).Amount);
        Assert.Equal(10.1234567m, ((BuyCommand)Ok("/buy 10.1234567 ETH")).Amount); // the desk checks it against the paying token's decimals
    }

    [Theory]
    [InlineData("/sell 0.5 ETH", 0.5)]
    [InlineData("/sell ETH 0.5", 0.5)]
    [InlineData("/sell 2 wbtc", 2)]
    public void SellTakesTheAmountAndTheTokenInEitherOrder(string text, double amount)
    {
        var sell = Assert.IsType<SellCommand>(Ok(text));
        Assert.Equal((decimal)amount, sell.Amount);
        Assert.False(sell.All);
    }

    [Theory]
    [InlineData("/sell all ETH")]
    [InlineData("/sell ALL eth")]
    [InlineData("/sell ETH all")]
    [InlineData("/sell eth All")]
    public void SellAllInEitherOrder(string text) => Assert.Equal(new SellCommand(new SymbolAsset("ETH"), null), Ok(text));

    [Fact]
    public void HistoryTakesACountATradeIdOrATransactionHash()
    {
        Assert.Equal(new HistoryCommand(7), Ok("/history 7"));
        Assert.Equal(new HistoryCommand(50), Ok("/history 050"));
        Assert.Equal(new HistoryCommand(CommandParser.DefaultHistoryCount, new TradeLookup("t123456", null)), Ok("/history t123456"));
        Assert.Equal(new HistoryCommand(CommandParser.DefaultHistoryCount, new TradeLookup("ten", null)), Ok("/history ten"));
        Assert.Equal(new HistoryCommand(CommandParser.DefaultHistoryCount, new TradeLookup(null, "0x" + new string('b', 64))),
            Ok("/history 0x" + new string('B', 64)));
        Assert.Null(((HistoryCommand)Ok("/history")).Trade);
    }

    [Fact]
    public void TheCatalogShowsTheIssuesSyntax()
    {
        Assert.Equal("/buy AMOUNT SYMBOL [with TOKEN]", CommandCatalog.Get("buy").Usage);
        Assert.Equal("/sell AMOUNT|all SYMBOL", CommandCatalog.Get("sell").Usage);
        Assert.Equal("/history [TRADE_ID|COUNT]", CommandCatalog.Get("history").Usage);
    }
}
