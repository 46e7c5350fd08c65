using ChainTrader.Core.Telegram;

namespace ChainTrader.UnitTests.Telegram;

public class TelegramHtmlTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("plain 123.45 USDC", "plain 123.45 USDC")]
    [InlineData("<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;")]
    [InlineData("a & b", "a &amp; b")]
    [InlineData("&amp;", "&amp;amp;")]
    [InlineData("say \"hi\"", "say &quot;hi&quot;")]
    [InlineData("x<y>z&\"", "x&lt;y&gt;z&amp;&quot;")]
    [InlineData("ünïcødé 🚀 <", "ünïcødé 🚀 &lt;")]
    public void EscapesTheFourSpecialCharacters(string? input, string expected) => Assert.Equal(expected, TelegramHtml.Escape(input));

    [Fact]
    public void EscapedValueCannotCloseAnAttribute()
    {
        var hostile = "\"><a href=\"https://evil.example\">x</a>";
        var html = $"<a href=\"https://example.org/?q={TelegramHtml.Escape(hostile)}\">link</a>";
        Assert.Equal(1, html.Split("<a ").Length - 1);
        Assert.DoesNotContain("\"><", html[..^"\">link</a>".Length]);
    }
}
