using System.Text;
using ChainTrader.Core.Chat;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Trades;

namespace ChainTrader.UnitTests.Chat;

/// <summary>Pins the bot's vocabulary and how it echoes what people type (issue 16).</summary>
public sealed class ChatVocabularyAndTextTests
{
    [Theory]
    [InlineData(ExecutionMode.DryRun, "DRY_RUN")]
    [InlineData(ExecutionMode.Paper, "PAPER")]
    [InlineData(ExecutionMode.Live, "LIVE")]
    public void Each_mode_has_one_spelling_and_it_parses_back(ExecutionMode mode, string spelling)
    {
        Assert.Equal(spelling, mode.ToSettingValue());
        var parsed = Assert.IsType<ExecutionModeCommand>(Assert.IsType<ParsedCommand>(CommandParser.Parse($"/execution_mode {spelling}", null)).Command);
        Assert.Equal(mode, parsed.Mode);
    }

    [Fact]
    public void Confirmations_never_read_past_their_target()
    {
        Assert.Equal("Included 3/3", ChatVocabulary.Included(4, 3));
        Assert.Equal("Included 1/3", ChatVocabulary.State(TradeState.Included, 1, 3, null));
    }

    [Fact]
    public void Settlement_is_Filled_and_Final_and_the_press_is_Confirm()
    {
        Assert.Equal("Filled · Final", ChatVocabulary.State(TradeState.Final, 5, 3, FillKind.Chain));
        Assert.Equal("Filled (paper)", ChatVocabulary.State(TradeState.Final, 0, 0, FillKind.Paper));
        Assert.Equal("Awaiting Confirm", ChatVocabulary.State(TradeState.AwaitingConfirmation, 0, 0, null));
        Assert.Equal("Confirm", ChatVocabulary.ConfirmButton);
    }

    [Fact]
    public void Progress_runs_Submitted_Included_Filled()
    {
        var (steps, current) = ChatVocabulary.Progress(TradeState.Included, 2, 3);
        Assert.Equal(["Submitted", "Included 2/3", "Filled"], steps);
        Assert.Equal(1, current);
    }

    [Fact]
    public void Last_trades_reads_in_the_singular_and_plural()
    {
        Assert.Equal("Your last trade", ChatVocabulary.LastTrades(1));
        Assert.Equal("Your last 5 trades", ChatVocabulary.LastTrades(5));
    }

    [Fact]
    public void Shortening_never_cuts_a_character_in_half()
    {
        var text = string.Concat(Enumerable.Repeat("🦄", 40));
        var shortened = ChatText.Shorten(text, 10);
        Assert.Equal(string.Concat(Enumerable.Repeat("🦄", 9)) + "…", shortened);
        Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(shortened)));
    }

    [Fact]
    public void An_emoji_symbol_is_echoed_whole()
    {
        var error = Assert.IsType<ParseError>(CommandParser.Parse("/price 🦄", null));
        Assert.Contains("'🦄' (U+1F984)", error.Message);
        Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(error.Message)));
    }

    [Fact]
    public void A_look_alike_letter_is_named()
    {
        var error = Assert.IsType<ParseError>(CommandParser.Parse("/price ЕТН", null));
        Assert.Contains("Cyrillic 'Е' (U+0415), which looks like Latin E", error.Message);
        Assert.True(ChatText.HasLookAlike("ЕТН"));
        Assert.False(ChatText.HasLookAlike("ETH"));
    }
}
