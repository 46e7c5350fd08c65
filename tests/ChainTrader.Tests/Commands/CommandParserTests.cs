using ChainTrader.Core.Commands;
using ChainTrader.Core.Trades;
using ChainTrader.Core.Evm;

namespace ChainTrader.Tests.Commands;

public class CommandParserTests
{
    private const string Checksummed = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"; // EIP-55 test vector

    private static BotCommand Ok(string text, string? bot = "chaintrader_bot")
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
            ["buy"] = "/buy ETH 100", ["sell"] = "/sell ETH all", ["swap"] = "/swap 0.5 WETH USDC", ["status"] = "/status",
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
        // The watcher's words pass through as typed; the watcher checks them (tests/ChainTrader.Tests/Watching).
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
    [InlineData("/buy ETH", "needs 2 arguments, but got 1")]
    [InlineData("/buy ETH 1 2", "needs 2 arguments, but got 3")]
    [InlineData("/buy ETH -5", "\"-5\" is not a number")]
    [InlineData("/buy ETH 1e5", "\"1e5\" is not a number")]
    [InlineData("/buy ETH 1,5", "has a comma")]
    [InlineData("/buy ETH .5", "\".5\" is not a number")]
    [InlineData("/buy ETH 5.", "\"5.\" is not a number")]
    [InlineData("/buy ETH 1.2.3", "is not a number")]
    [InlineData("/buy ETH 0", "greater than zero")]
    [InlineData("/buy ETH 0.000", "greater than zero")]
    [InlineData("/buy ETH 10.1234567", "7 decimal places; at most 6")]
    [InlineData("/buy ETH 1234567890123456", "too large: at most 15 digits")]
    [InlineData("/sell ETH 1.0000000000000000001", "19 decimal places; at most 18")]
    [InlineData("/sell ETH 123456789012.123456789012345678", "more than 28 significant digits")]
    [InlineData("/sell ETH none", "\"none\" is not a number")]
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
    [InlineData("/history ten", "not a count")]
    [InlineData("/maintenance_mode maybe", "neither on nor off")]
    [InlineData("/execution_mode TURBO", "not an execution mode; use DRY_RUN, PAPER or LIVE")]
    [InlineData("/execution_mode DRY", "not an execution mode")]
    [InlineData("/execution_mode LIVE now", "at most 1 argument, but got 2")]
    public void BadArgumentsNameTheProblemAndShowUsage(string text, string expected)
    {
        var error = Error(text);
        Assert.NotNull(error.CommandName);
        Assert.Contains(expected, error.Message);
        Assert.Contains("Usage: /" + error.CommandName, error.Message);
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
        Assert.Equal(999999999999999.999999m, ((BuyCommand)Ok("/buy ETH 999999999999999.999999")).UsdAmount);
        Assert.Equal(1234567890.123456789012345678m, ((SellCommand)Ok("/sell ETH 1234567890.123456789012345678")).Amount);
        Assert.Equal(7m, ((BuyCommand)Ok("/buy ETH 0007")).UsdAmount);
    }
}
