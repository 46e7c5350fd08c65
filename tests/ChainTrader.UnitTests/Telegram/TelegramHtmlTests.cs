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

public class OutboundMessageRulesTests
{
    [Fact]
    public void AcceptsAWellFormedMessage()
    {
        var message = new OutboundMessage(42, "reply:1", "<b>ok</b>", [[new InlineButton("Confirm", "confirm:1")]]);
        Assert.Same(message, OutboundMessageRules.Validate(message));
    }

    [Theory]
    [InlineData(0, "k", "x", null, "ChatId is 0")]
    [InlineData(1, " ", "x", null, "no DedupeKey")]
    [InlineData(1, "k", "", null, "empty Html")]
    [InlineData(1, "k", "x", "k", "EditOf must name an earlier message")]
    public void RejectsBadFieldsWithTheReason(long chatId, string key, string html, string? editOf, string reason)
    {
        var ex = Assert.Throws<ArgumentException>(() => OutboundMessageRules.Validate(new OutboundMessage(chatId, key, html, null, editOf)));
        Assert.Contains(reason, ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345")]
    [InlineData("ääääääääääääääääääääääääääääääääö")] // 33 two-byte characters: 66 bytes
    public void RejectsCallbackDataOutsideOneTo64Bytes(string data)
    {
        var ex = Assert.Throws<ArgumentException>(() => OutboundMessageRules.Validate(new OutboundMessage(1, "k", "x", [[new InlineButton("B", data)]])));
        Assert.Contains("button [0][0]", ex.Message);
        Assert.Contains("1-64", ex.Message);
    }
}
