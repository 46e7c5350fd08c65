using ChainTrader.Core.Telegram;

namespace ChainTrader.UnitTests.Telegram;

public class InlineButtonRulesTests
{
    private static OutboundMessage With(InlineButton button) => new(1, "key", "text", [[button]]);

    [Theory]
    [InlineData("https://etherscan.io/tx/0xabc")]
    [InlineData("http://127.0.0.1:8080/tx/0xabc")]
    public void A_link_button_with_an_absolute_http_url_passes(string url) =>
        OutboundMessageRules.Validate(With(InlineButton.Link("View tx", url)));

    [Theory]
    [InlineData("/tx/0xabc")]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://example.org/tx")]
    public void A_link_button_with_anything_else_is_refused_with_the_url(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => OutboundMessageRules.Validate(With(InlineButton.Link("View tx", url))));
        Assert.Contains($"links to \"{url}\", which is not an absolute http(s) URL", error.Message);
    }

    [Fact]
    public void A_button_with_both_a_link_and_callback_data_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => OutboundMessageRules.Validate(With(new InlineButton("Both", "cb", "https://example.org"))));
        Assert.Contains("has both a link and callback data", error.Message);
    }

    [Fact]
    public void A_button_with_neither_is_refused_for_its_missing_callback_data()
    {
        var error = Assert.Throws<ArgumentException>(() => OutboundMessageRules.Validate(With(new InlineButton("Neither", null))));
        Assert.Contains("has 0 bytes of callback data", error.Message);
    }
}
