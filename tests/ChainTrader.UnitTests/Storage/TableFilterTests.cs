using ChainTrader.Adapters.Storage;

namespace ChainTrader.UnitTests.Storage;

public class TableFilterTests
{
    [Fact]
    public void StringLiteralsDoubleSingleQuotes()
        => Assert.Equal("PartitionKey eq 'O''Brien'", TableFilter.Equal("PartitionKey", "O'Brien").Text);

    [Theory]
    [InlineData("x' or 'a' eq 'a", "PartitionKey eq 'x'' or ''a'' eq ''a'")]
    [InlineData("' or PartitionKey ne '", "PartitionKey eq ''' or PartitionKey ne '''")]
    [InlineData("a') or (true", "PartitionKey eq 'a'') or (true'")]
    public void InjectionAttemptsStayInsideOneLiteral(string value, string expected)
    {
        var text = TableFilter.Equal("PartitionKey", value).Text;
        Assert.Equal(expected, text);
        // After the opening quote, every quote in the value comes in pairs until the closing one.
        var literal = text["PartitionKey eq ".Length..];
        Assert.Equal('\'', literal[0]);
        Assert.Equal('\'', literal[^1]);
        Assert.DoesNotContain("'", literal[1..^1].Replace("''", ""));
    }

    [Fact]
    public void TypedLiterals()
    {
        Assert.Equal("Count eq 42", TableFilter.Equal("Count", 42).Text);
        Assert.Equal("Nonce ge 9007199254740993L", TableFilter.GreaterThanOrEqual("Nonce", 9007199254740993L).Text);
        Assert.Equal("Live eq true", TableFilter.Equal("Live", true).Text);
        Assert.Equal("Live ne false", TableFilter.NotEqual("Live", false).Text);
        Assert.Equal("At lt datetime'2024-02-29T13:14:15.1234567Z'",
            TableFilter.LessThan("At", new DateTimeOffset(2024, 2, 29, 15, 14, 15, TimeSpan.FromHours(2)).AddTicks(1234567)).Text);
        Assert.Equal("Id eq guid'0f8fad5b-d9cb-469f-a165-70867728950e'", TableFilter.Equal("Id", Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e")).Text);
        Assert.Equal("Blob eq X'00FF10'", TableFilter.Equal("Blob", new byte[] { 0x00, 0xff, 0x10 }).Text);
        Assert.Equal("Timestamp gt datetime'2020-01-01T00:00:00Z'", TableFilter.GreaterThan("Timestamp", DateTimeOffset.Parse("2020-01-01T00:00:00Z")).Text);
        Assert.Equal("Limit le -5", TableFilter.LessThanOrEqual("Limit", -5).Text);
    }

    [Fact]
    public void CombinatorsParenthesiseEveryOperand()
    {
        var filter = TableFilter.Equal("PartitionKey", "p").And(TableFilter.GreaterThanOrEqual("RowKey", "a"))
            .Or(TableFilter.Equal("Live", true).Not());
        Assert.Equal("((PartitionKey eq 'p') and (RowKey ge 'a')) or (not (Live eq true))", filter.Text);
    }

    [Fact]
    public void StartsWithIsARangeOnTheNextPrefix()
        => Assert.Equal("(RowKey ge 'trade:0042') and (RowKey lt 'trade:0043')", TableFilter.StartsWith("RowKey", "trade:0042").Text);

    [Theory]
    [InlineData("PartitionKey eq 'x' or RowKey")]
    [InlineData("Name)")]
    [InlineData("1abc")]
    [InlineData("")]
    public void PropertyNamesCannotCarryExpressions(string property)
        => Assert.Contains("Property name", Assert.Throws<ArgumentException>(() => TableFilter.Equal(property, "v")).Message);

    [Fact]
    public void DefaultValueIsRejected()
        => Assert.Throws<InvalidOperationException>(() => TableFilter.Equal("Name", default(TableFilterValue)));
}
