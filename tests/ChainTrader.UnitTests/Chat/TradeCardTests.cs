using System.Text.RegularExpressions;
using ChainTrader.Core.Chat;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Telegram;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Trades;
using static ChainTrader.TestSupport.TradeFixtures;

namespace ChainTrader.UnitTests.Chat;

/// <summary>Pins the trade card (issue 16): what the quote shows, the progress, the buttons once filled, and DRY_RUN's silence about hashes.</summary>
public sealed partial class TradeCardTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);

    [Fact]
    public void The_quote_shows_route_size_out_min_impact_and_fees_compactly()
    {
        var trade = Awaiting();
        var html = TradeMessages.Render(trade, TradeNotificationKind.QuotePrompt, null, ExecutionMode.Live, Ttl, null);
        Assert.Equal(
            "<b>Buy WETH with 1000 USDC</b> · trade <code>t-1001</code>\n" +
            "Route USDC → WETH · size $1,000.00\n" +
            "Out ≈ 0.5 WETH · min 0.4975 WETH\n" +
            "Impact 0.10 % · fees $3.00 LP + $1.00 gas\n" +
            "WETH $2,000.00 (oracle) · Mode: <b>LIVE</b>\n\n" +
            "Press Confirm within 60 s, or Cancel.", html);
        var buttons = TradeMessages.CardButtons(trade, TradeNotificationKind.QuotePrompt, "n0nce", null)!;
        Assert.Equal(["✅ Confirm", "✖️ Cancel"], buttons.SelectMany(r => r).Select(b => b.Text));
    }

    [Fact]
    public void Progress_runs_Submitted_Included_Filled_with_the_hash()
    {
        var included = Included();
        var html = TradeMessages.Render(included, TradeNotificationKind.Included, "1/6", ExecutionMode.Live, Ttl, null);
        Assert.Contains("✓ Submitted → <b>Included 1/6</b> → Filled", html);
        Assert.Contains(included.Receipt!.TxHash, html);
        Assert.Null(TradeMessages.CardButtons(included, TradeNotificationKind.Included, "n0nce", "https://explorer.example/tx/"));
    }

    [Fact]
    public void A_filled_card_says_Filled_and_Final_and_offers_to_sell_and_refresh()
    {
        var final = Final();
        var html = TradeMessages.Render(final, TradeNotificationKind.Final, null, ExecutionMode.Live, Ttl, "https://explorer.example/tx/");
        Assert.Contains("✅ <b>Filled</b>: bought ", html);
        Assert.Contains("<b>Final</b> (6/6)", html);
        Assert.Contains("<a href=\"https://explorer.example/tx/" + final.Receipt!.TxHash + "\">View tx ", html);
        var buttons = TradeMessages.CardButtons(final, TradeNotificationKind.Final, "n0nce", "https://explorer.example/tx/")!;
        Assert.Equal(["Sell 25 %", "Sell 50 %", "Sell 100 %", "🔄 Refresh", "↗ View tx"], buttons.SelectMany(r => r).Select(b => b.Text));
        var link = Assert.Single(buttons[2]);
        Assert.Equal(("https://explorer.example/tx/" + final.Receipt!.TxHash, null), (link.Url, link.CallbackData));
        // A chain without an explorer (the devnet) gets no link button.
        Assert.Equal(2, TradeMessages.CardButtons(final, TradeNotificationKind.Final, "n0nce", null)!.Count);
        // Every card keyboard passes the outbox's rules (a link button has a URL and no callback data).
        OutboundMessageRules.Validate(new OutboundMessage(1, "k", "x", buttons));
        Assert.True(TradeMessages.TryParseSell(buttons[0][1].CallbackData, out var asset, out var percent));
        Assert.Equal((new SymbolAsset("WETH"), 50), (asset, percent));
        Assert.True(TradeMessages.TryParseRefresh(buttons[1][0].CallbackData, out var id));
        Assert.Equal(TradeId, id);
    }

    [Theory]
    [InlineData("sp:WETH:33")]      // a share the bot never offers
    [InlineData("sp:ЕТН:50")]       // look-alike letters
    [InlineData("sp:0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2:50")]
    [InlineData("rf:../x")]
    public void Card_buttons_from_the_client_are_checked(string data)
    {
        Assert.False(TradeMessages.TryParseSell(data, out _, out _) || TradeMessages.TryParseRefresh(data, out _));
    }

    [Fact]
    public void A_dry_run_shows_no_transaction_hash()
    {
        var signed = Step(Priced(ExecutionMode.DryRun), new TransactionSigned(Signed(7)), T0.AddSeconds(12)).Trade;
        var html = TradeMessages.Render(signed, TradeNotificationKind.Simulated, null, ExecutionMode.DryRun, Ttl, "https://explorer.example/tx/");
        Assert.Contains("<b>Simulated</b> (DRY_RUN)", html);
        Assert.DoesNotContain(signed.Transactions[0].Hash, html);
        Assert.DoesNotMatch(HashPattern(), html);
    }

    [Fact]
    public void No_amount_on_a_card_has_more_than_six_significant_digits_unless_exact()
    {
        var text = TradeMessages.Render(Final(), TradeNotificationKind.Final, null, ExecutionMode.Live, Ttl, null);
        var outsideCode = Regex.Replace(text, "<code>.*?</code>", "");
        foreach (Match amount in Regex.Matches(outsideCode, @"(?<n>\d[\d,]*(?:\.\d+)?)\s*(?:WETH|USDC)\b"))
            Assert.True(ChatNumbers.SignificantDigits(amount.Groups["n"].Value.Replace(",", "")) <= 6, amount.Value);
    }

    [GeneratedRegex("0x[0-9a-fA-F]{64}")]
    private static partial Regex HashPattern();
}
