using System.Text.RegularExpressions;
using ChainTrader.Core.Chat;
using ChainTrader.Tests.Infrastructure;
using ChainTrader.Tests.Webhook.Browser;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Trades;

/// <summary>
/// A LIVE trade driven through the stand-in's chat page in a real browser (Debian chromium, driven with Playwright) as a
/// trader would: the quote, Confirm, the filled card with its buttons, a sale of half the position with its "Sell 50 %"
/// button, and /positions. Screenshots of each go to docs/screenshots/; every token amount on screen has at most six
/// significant digits unless it is shown as exact (code font).
/// </summary>
[Collection(DevnetCollection.Name)]
public partial class TradeCardBrowserTests(ITestOutputHelper output)
{
    // Generous: on a loaded build machine a trade from Confirm to Final and its last edit can take minutes.
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(240);
    private static readonly string Screenshots = Path.Combine(RepoPaths.Root, "docs", "screenshots");

    [Fact]
    public Task ALiveTradeReadsAsACardWithButtonsInTheBrowser() => TradingStack.InSnapshotAsync(output, async stack =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15)); // includes installing chromium on a fresh machine
            await using var chromium = await Chromium.LaunchAsync(timeout.Token);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.ConnectOverCDPAsync(chromium.WebSocketUrl.AbsoluteUri);
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 900, Height = 1000 } });
            page.SetDefaultTimeout((float)Long.TotalMilliseconds);
            Directory.CreateDirectory(Screenshots);

            await page.GotoAsync(stack.StandIn.ChatUrl.AbsoluteUri);
            await page.FillAsync("#user-id", TradingStack.Trader.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await page.DispatchEventAsync("#user-id", "change");
            await page.FillAsync("#chat-id", TradingStack.Trader.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await page.DispatchEventAsync("#chat-id", "change");

            // The quote: route, size, out and min, impact and fees, with Confirm / Cancel.
            await SendAsync(page, "/buy 300 ETH");
            var quote = page.Locator(".bot-message", new PageLocatorOptions { HasTextString = "Press Confirm" }).Last;
            await quote.Locator("button", new LocatorLocatorOptions { HasTextString = "Confirm" }).WaitForAsync();
            await ShotAsync(page, "1-quote.png");
            await CheckAmountsAsync(page);

            // Confirm, then blocks until the card says Filled with its sell and refresh buttons.
            await quote.Locator("button", new LocatorLocatorOptions { HasTextString = "Confirm" }).ClickAsync();
            var filled = await MiningUntilAsync(stack, page, () => page.Locator(".bot-message", new PageLocatorOptions { HasTextString = "Filled" })
                .Filter(new LocatorFilterOptions { Has = page.Locator("button", new PageLocatorOptions { HasTextString = "Sell 50 %" }) }).Last);
            Assert.Contains("Final (3/3)", await filled.InnerTextAsync());
            foreach (var label in new[] { "Sell 25 %", "Sell 50 %", "Sell 100 %", "Refresh" })
                Assert.Equal(1, await filled.Locator("button", new LocatorLocatorOptions { HasTextString = label }).CountAsync());
            await ShotAsync(page, "2-filled-card.png");
            await CheckAmountsAsync(page);

            // Sell 50 %: a new quote for half the position, confirmed like any other, filled on chain.
            await filled.Locator("button", new LocatorLocatorOptions { HasTextString = "Sell 50 %" }).ClickAsync();
            var sellQuote = page.Locator(".bot-message", new PageLocatorOptions { HasTextString = "Press Confirm" })
                .Filter(new LocatorFilterOptions { HasTextString = "Sell " }).Last;
            await sellQuote.Locator("button", new LocatorLocatorOptions { HasTextString = "Confirm" }).ClickAsync();
            await MiningUntilAsync(stack, page, () => page.Locator(".bot-message", new PageLocatorOptions { HasTextRegex = new Regex("^Sell .*Filled", RegexOptions.Singleline) })
                .Filter(new LocatorFilterOptions { Has = page.Locator("button", new PageLocatorOptions { HasTextString = "Sell 50 %" }) }).Last);
            await ShotAsync(page, "3-sell-50-percent.png");
            await CheckAmountsAsync(page);

            // /positions: a card for the half that is left, with its PnL and the same sell buttons.
            await SendAsync(page, "/positions");
            var card = page.Locator(".bot-message", new PageLocatorOptions { HasTextString = "ETH position" }).Last;
            await card.Locator("button", new LocatorLocatorOptions { HasTextString = "Sell 100 %" }).WaitForAsync();
            Assert.Contains("PnL", await card.InnerTextAsync());
            await ShotAsync(page, "4-positions.png");
            await CheckAmountsAsync(page);
        });

    private static async Task SendAsync(IPage page, string text)
    {
        await page.FillAsync("#message-input", text);
        await page.ClickAsync("#send-button");
    }

    /// <summary>Mines a block every half second (confirmations need blocks; the devnet mines only when asked) until the locator shows.</summary>
    private static async Task<ILocator> MiningUntilAsync(TradingStack stack, IPage page, Func<ILocator> locator)
    {
        var deadline = DateTimeOffset.UtcNow + Long;
        while (await locator().CountAsync() == 0)
        {
            if (DateTimeOffset.UtcNow > deadline)
                throw new TimeoutException("The chat never showed it; it shows:\n" + string.Join("\n---\n", await page.Locator(".bot-message").AllInnerTextsAsync()));
            await stack.MineAsync();
            await page.WaitForTimeoutAsync(500);
        }
        return locator();
    }

    private async Task ShotAsync(IPage page, string name)
    {
        var path = Path.Combine(Screenshots, name);
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false });
        Assert.True(png.Length > 5_000, $"the screenshot {name} is suspiciously small ({png.Length} bytes)");
        output.WriteLine($"screenshot {path} ({png.Length} bytes)");
    }

    /// <summary>Every token amount in the bot's messages, outside code font (where exact amounts are shown), has at most 6 significant digits.</summary>
    private static async Task CheckAmountsAsync(IPage page)
    {
        var texts = await page.EvaluateAsync<string[]>("""
            [...document.querySelectorAll('#messages .bot-message .text')].map(t => {
              const copy = t.cloneNode(true);
              copy.querySelectorAll('code, pre').forEach(c => c.remove());
              return copy.textContent;
            })
            """);
        foreach (var text in texts)
        foreach (Match amount in TokenAmount().Matches(text))
        {
            var digits = ChatNumbers.SignificantDigits(amount.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal));
            Assert.True(digits <= ChatNumbers.AmountDigits, $"\"{amount.Value}\" has {digits} significant digits in:\n{text}");
        }
    }

    [GeneratedRegex(@"(?<n>\d[\d,]*(?:\.\d+)?)\s*(?:ETH|WETH|USDC|BTC|WBTC)\b")]
    private static partial Regex TokenAmount();
}
