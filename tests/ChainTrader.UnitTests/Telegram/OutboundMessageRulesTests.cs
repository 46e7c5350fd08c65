using ChainTrader.Core.Telegram;

namespace ChainTrader.UnitTests.Telegram;

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
