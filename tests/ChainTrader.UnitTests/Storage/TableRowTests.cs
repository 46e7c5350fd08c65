using System.Numerics;
using ChainTrader.Adapters.Storage;

namespace ChainTrader.UnitTests.Storage;

public class TableRowTests
{
    [Theory]
    [InlineData("a/b", "'/'")]
    [InlineData("a\\b", "'\\'")]
    [InlineData("a#b", "'#'")]
    [InlineData("a?b", "'?'")]
    [InlineData("a\u0001b", "U+0001")]
    [InlineData("a\u007Fb", "U+007F")]
    [InlineData("a\u0085b", "U+0085")]
    public void KeysWithForbiddenCharactersAreRejectedBeforeAnyRequest(string key, string expected)
    {
        Assert.Contains(expected, Assert.Throws<ArgumentException>(() => new TableRow(key, "r")).Message);
        Assert.Contains("RowKey", Assert.Throws<ArgumentException>(() => new TableRow("p", key)).Message);
        Assert.Throws<ArgumentException>(() => TableBatchAction.Delete("p", key));
    }

    [Fact]
    public void KeysAreLimitedToOneKibibyte()
    {
        _ = new TableRow(new string('k', TableNames.MaxKeyLength), "");
        Assert.Contains("at most 512", Assert.Throws<ArgumentException>(() => new TableRow(new string('k', TableNames.MaxKeyLength + 1), "r")).Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("9lives")]
    [InlineData("has space")]
    [InlineData("dash-ed")]
    [InlineData("PartitionKey")]
    [InlineData("Timestamp")]
    [InlineData("_ChainTraderWriteId")]
    public void BadPropertyNamesAreRejected(string name)
        => Assert.Throws<ArgumentException>(() => new TableRow("p", "r").Set(name, "v"));

    [Fact]
    public void TypedGettersExplainMissingAndMistypedProperties()
    {
        var entity = new TableRow("p", "r").Set("Name", "alice").Set("Count", 3).Set("Amount", "12x");
        Assert.Contains("has no property \"Missing\"", Assert.Throws<KeyNotFoundException>(() => entity.GetString("Missing")).Message);
        var wrongType = Assert.Throws<InvalidCastException>(() => entity.GetInt32("Name"));
        Assert.Contains("\"Name\"", wrongType.Message);
        Assert.Contains("is Edm.String, not Edm.Int32", wrongType.Message);
        Assert.Equal(3L, entity.GetInt64("Count"));
        Assert.Contains("not a decimal", Assert.Throws<FormatException>(() => entity.GetDecimal("Amount")).Message);
        Assert.Contains("not an integer", Assert.Throws<FormatException>(() => entity.GetBigInteger("Amount")).Message);
    }

    [Fact]
    public void AmountsAreStoredAsInvariantStrings()
    {
        var wei = BigInteger.Parse("123456789012345678901234567890");
        var entity = new TableRow("p", "r").SetBigInteger("Wei", wei).SetDecimal("Usd", 1234.50m);
        Assert.Equal("123456789012345678901234567890", entity.GetString("Wei"));
        Assert.Equal("1234.50", entity.GetString("Usd"));
        Assert.Equal(wei, entity.GetBigInteger("Wei"));
        Assert.Equal(1234.50m, entity.GetDecimal("Usd"));
    }

    [Fact]
    public void ValuesOutsideServiceLimitsAreRejected()
    {
        var entity = new TableRow("p", "r");
        Assert.Throws<ArgumentOutOfRangeException>(() => entity.Set("At", new DateTimeOffset(1600, 12, 31, 0, 0, 0, TimeSpan.Zero)));
        Assert.Throws<ArgumentException>(() => entity.Set("Big", new byte[TableRow.MaxBinaryLength + 1]));
        Assert.Throws<ArgumentException>(() => entity.Set("Long", new string('x', TableRow.MaxStringLength + 1)));
        Assert.Throws<ArgumentNullException>(() => entity.Set("Null", (string)null!));
    }

    [Fact]
    public void BinaryValuesAreCopiedInAndOut()
    {
        var bytes = new byte[] { 1, 2, 3 };
        var entity = new TableRow("p", "r").Set("B", bytes);
        bytes[0] = 9;
        entity.GetBinary("B")[1] = 9;
        Assert.Equal(new byte[] { 1, 2, 3 }, entity.GetBinary("B"));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1table")]
    [InlineData("has-dash")]
    [InlineData("tables")]
    public void BadTableNamesAreRejected(string name) => Assert.Throws<ArgumentException>(() => TableNames.ValidateTableName(name));

    [Fact]
    public void TransactionsAreValidatedBeforeAnyRequest()
    {
        Assert.Throws<ArgumentException>(() => TableBatchAction.UpdateReplace(new TableRow("p", "r"), ""));
        Assert.Throws<ArgumentException>(() => TableBatchAction.Delete("p", "r", " "));
    }
}
