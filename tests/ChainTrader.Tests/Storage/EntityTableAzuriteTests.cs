using System.Net;
using System.Numerics;
using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using ChainTrader.Tests.Infrastructure;

namespace ChainTrader.Tests.Storage;

/// <summary>CRUD, concurrency, filters, errors and transactions against a real Azurite.</summary>
public class EntityTableAzuriteTests(AzuriteTableFixture fixture) : IClassFixture<AzuriteTableFixture>
{
    private readonly EntityTable _table = fixture.Table;

    private static string NewPartition() => "p-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task EveryPropertyTypeRoundTrips()
    {
        var partition = NewPartition();
        var when = new DateTimeOffset(2024, 2, 29, 23, 59, 58, TimeSpan.FromHours(-5)).AddTicks(1234567);
        var id = Guid.NewGuid();
        var wei = BigInteger.Parse("115792089237316195423570985008687907853269984665640564039457584007913129639935");
        var entity = new TableRow(partition, "all-types")
            .Set("Text", "héllo 'quoted' \"double\" ✓")
            .Set("Empty", "")
            .Set("Flag", true)
            .Set("Small", int.MinValue)
            .Set("Large", long.MaxValue)
            .Set("Negative", -9007199254740993L)
            .Set("When", when)
            .Set("Id", id)
            .Set("Bytes", new byte[] { 0, 1, 2, 254, 255 })
            .Set("NoBytes", Array.Empty<byte>())
            .SetBigInteger("Wei", wei)
            .SetDecimal("Usd", 0.000001m);

        var etag = await _table.InsertAsync(entity);
        var read = await _table.GetAsync(partition, "all-types");

        Assert.NotNull(read);
        Assert.Equal(etag, read.ETag);
        Assert.NotNull(read.Timestamp);
        Assert.Equal("héllo 'quoted' \"double\" ✓", read.GetString("Text"));
        Assert.Equal("", read.GetString("Empty"));
        Assert.True(read.GetBoolean("Flag"));
        Assert.Equal(int.MinValue, read.GetInt32("Small"));
        Assert.Equal(long.MaxValue, read.GetInt64("Large"));
        Assert.Equal(-9007199254740993L, read.GetInt64("Negative"));
        Assert.Equal(when.UtcTicks, read.GetDateTimeOffset("When").UtcTicks);
        Assert.Equal(TimeSpan.Zero, read.GetDateTimeOffset("When").Offset);
        Assert.Equal(id, read.GetGuid("Id"));
        Assert.Equal(new byte[] { 0, 1, 2, 254, 255 }, read.GetBinary("Bytes"));
        Assert.Empty(read.GetBinary("NoBytes"));
        Assert.Equal(wei, read.GetBigInteger("Wei"));
        Assert.Equal(0.000001m, read.GetDecimal("Usd"));
        Assert.Equal(entity.PropertyNames.Order(), read.PropertyNames.Order());
    }

    [Fact]
    public async Task InsertIfAbsentReturnsFalseTheSecondTime()
    {
        var partition = NewPartition();
        Assert.True(await _table.TryInsertAsync(new TableRow(partition, "dedupe").Set("First", true)));
        Assert.False(await _table.TryInsertAsync(new TableRow(partition, "dedupe").Set("First", false)));
        Assert.True((await _table.GetAsync(partition, "dedupe"))!.GetBoolean("First"));

        var conflict = await Assert.ThrowsAsync<TableStorageException>(() => _table.InsertAsync(new TableRow(partition, "dedupe")));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        Assert.Equal("EntityAlreadyExists", conflict.ErrorCode);
    }

    [Theory]
    [InlineData(TableUpdateMode.Replace)]
    [InlineData(TableUpdateMode.Merge)]
    public async Task SecondUpdateWithTheSameETagLoses(TableUpdateMode mode)
    {
        var partition = NewPartition();
        var etag = await _table.InsertAsync(new TableRow(partition, "state").Set("Step", "Requested"));

        var newEtag = await _table.UpdateAsync(new TableRow(partition, "state").Set("Step", "RiskChecked"), etag, mode);
        var lost = await Assert.ThrowsAsync<TableConcurrencyException>(
            () => _table.UpdateAsync(new TableRow(partition, "state").Set("Step", "Rejected"), etag, mode));

        Assert.Equal(HttpStatusCode.PreconditionFailed, lost.Status);
        Assert.Contains("ETag mismatch", lost.Message);
        Assert.NotEqual(etag, newEtag);
        var stored = await _table.GetAsync(partition, "state");
        Assert.Equal("RiskChecked", stored!.GetString("Step"));
        Assert.Equal(newEtag, stored.ETag);
    }

    [Fact]
    public async Task UpdatingAMissingEntityIsAConcurrencyFailure()
    {
        var missing = await Assert.ThrowsAsync<TableConcurrencyException>(
            () => _table.UpdateAsync(new TableRow(NewPartition(), "gone").Set("X", 1), "*", TableUpdateMode.Replace));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Contains("does not exist", missing.Message);
    }

    [Fact]
    public async Task MergeKeepsOtherPropertiesReplaceDropsThem()
    {
        var partition = NewPartition();
        await _table.UpsertAsync(new TableRow(partition, "r").Set("A", 1).Set("B", 2));
        await _table.UpsertAsync(new TableRow(partition, "r").Set("B", 20).Set("C", 30), TableUpdateMode.Merge);
        var merged = await _table.GetAsync(partition, "r");
        Assert.Equal([1, 20, 30], new[] { merged!.GetInt32("A"), merged.GetInt32("B"), merged.GetInt32("C") });

        await _table.UpdateAsync(new TableRow(partition, "r").Set("D", 4), merged.ETag!, TableUpdateMode.Replace);
        var replaced = await _table.GetAsync(partition, "r");
        Assert.Equal(["D"], replaced!.PropertyNames);
    }

    [Fact]
    public async Task GetReturnsNullForMissingAndHonoursSelect()
    {
        var partition = NewPartition();
        Assert.Null(await _table.GetAsync(partition, "nothing"));
        await _table.InsertAsync(new TableRow(partition, "r").Set("Keep", "k").Set("Drop", "d"));
        var selected = await _table.GetAsync(partition, "r", ["Keep"]);
        Assert.Equal(["Keep"], selected!.PropertyNames);
    }

    [Fact]
    public async Task DeleteIsIdempotentAndHonoursETags()
    {
        var partition = NewPartition();
        var etag = await _table.InsertAsync(new TableRow(partition, "r").Set("V", 1));
        var newEtag = await _table.UpdateAsync(new TableRow(partition, "r").Set("V", 2), etag, TableUpdateMode.Replace);

        await Assert.ThrowsAsync<TableConcurrencyException>(() => _table.DeleteAsync(partition, "r", etag));
        Assert.True(await _table.DeleteAsync(partition, "r", newEtag));
        Assert.False(await _table.DeleteAsync(partition, "r"));
        Assert.False(await _table.DeleteAsync(partition, "r", newEtag));
        Assert.Null(await _table.GetAsync(partition, "r"));
    }

    [Theory]
    [InlineData("it's")]
    [InlineData("x' or 'a' eq 'a")]
    [InlineData("spaces and (parens), commas")]
    [InlineData("percent %41 plus + amp & eq =")]
    [InlineData("unicode ✓ ü 中文 😀")]
    [InlineData("")]
    public async Task AwkwardKeysWorkInEveryOperation(string key)
    {
        var partition = NewPartition() + key;
        var etag = await _table.InsertAsync(new TableRow(partition, key).Set("V", 1));
        var read = await _table.GetAsync(partition, key);
        Assert.Equal(key, read!.RowKey);
        Assert.Equal(partition, read.PartitionKey);

        etag = await _table.UpdateAsync(new TableRow(partition, key).Set("V", 2), etag, TableUpdateMode.Merge);
        var queried = await _table.QueryAsync(TableFilter.PartitionKeyEquals(partition).And(TableFilter.Equal("RowKey", key))).ToListAsync();
        Assert.Equal(2, Assert.Single(queried).GetInt32("V"));
        Assert.True(await _table.DeleteAsync(partition, key, etag));
    }

    [Theory]
    [InlineData("x' or 'a' eq 'a")]
    [InlineData("' or PartitionKey ne '")]
    [InlineData("p1') or (PartitionKey eq 'p2")]
    [InlineData("p1' or true or '")]
    public async Task ValuesCannotWidenAQuery(string hostile)
    {
        var prefix = NewPartition();
        var mine = prefix + "-mine";
        var other = prefix + "-other";
        foreach (var partition in new[] { mine, other })
        {
            await _table.SubmitBatchAsync(Enumerable.Range(0, 3)
                .Select(i => TableBatchAction.Insert(new TableRow(partition, $"r{i}").Set("Secret", partition))).ToList());
        }

        Assert.Empty(await _table.QueryAsync(TableFilter.PartitionKeyEquals(hostile)).ToListAsync());
        Assert.Empty(await _table.QueryAsync(TableFilter.PartitionKeyEquals(mine + hostile)).ToListAsync());
        Assert.Empty(await _table.QueryAsync(TableFilter.PartitionKeyEquals(mine).And(TableFilter.Equal("RowKey", hostile))).ToListAsync());

        // A partition whose name is itself hostile is matched exactly, and only it.
        var hostilePartition = prefix + hostile;
        await _table.InsertAsync(new TableRow(hostilePartition, "only").Set("Secret", "hostile"));
        var rows = await _table.QueryAsync(TableFilter.PartitionKeyEquals(hostilePartition)).ToListAsync();
        Assert.Equal("only", Assert.Single(rows).RowKey);
        var mineOnly = await _table.QueryAsync(TableFilter.PartitionKeyEquals(mine)).ToListAsync();
        Assert.Equal(3, mineOnly.Count);
        Assert.All(mineOnly, e => Assert.Equal(mine, e.PartitionKey));
    }

    [Fact]
    public async Task TypedFiltersSelectByValue()
    {
        var partition = NewPartition();
        var start = DateTimeOffset.Parse("2024-01-01T00:00:00Z");
        await _table.SubmitBatchAsync(Enumerable.Range(0, 10).Select(i => TableBatchAction.Insert(
            new TableRow(partition, $"r{i:D2}").Set("Nonce", 1_000_000_000_000L + i).Set("At", start.AddMinutes(i))
                .Set("Even", i % 2 == 0).Set("N", i))).ToList());

        async Task<string[]> Rows(TableFilter filter) =>
            (await _table.QueryAsync(TableFilter.PartitionKeyEquals(partition).And(filter)).ToListAsync()).Select(e => e.RowKey).ToArray();

        Assert.Equal(["r07", "r08", "r09"], await Rows(TableFilter.GreaterThanOrEqual("Nonce", 1_000_000_000_007L)));
        Assert.Equal(["r00", "r01"], await Rows(TableFilter.LessThan("At", start.AddMinutes(2))));
        Assert.Equal(["r01", "r03", "r05", "r07", "r09"], await Rows(TableFilter.Equal("Even", false)));
        Assert.Equal(["r00", "r09"], await Rows(TableFilter.Equal("N", 0).Or(TableFilter.Equal("N", 9))));
        Assert.Equal(["r03", "r04"], await Rows(TableFilter.StartsWith("RowKey", "r0").And(TableFilter.GreaterThan("N", 2)).And(TableFilter.LessThan("N", 5))));
        Assert.Equal(8, (await Rows(TableFilter.Equal("N", 0).Or(TableFilter.Equal("N", 9)).Not())).Length);
    }

    [Fact]
    public async Task QueryingAMissingTableSaysSo()
    {
        var missing = fixture.Service.GetTable(AzuriteTables.UniqueName("missing"));
        var error = await Assert.ThrowsAsync<TableStorageException>(() => missing.InsertAsync(new TableRow("p", "r")));
        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        Assert.Equal("TableNotFound", error.ErrorCode);
        Assert.Contains($"table \"{missing.Name}\" does not exist", error.Message);
        await Assert.ThrowsAsync<TableStorageException>(() => missing.GetAsync("p", "r"));
        await Assert.ThrowsAsync<TableStorageException>(() => missing.QueryPageAsync());
    }

    [Fact]
    public async Task CreateIfNotExistsIsIdempotent() => Assert.False(await _table.CreateIfNotExistsAsync());

    [Fact]
    public async Task WrongAccountKeyGivesAClear403()
    {
        var azurite = await LocalStack.AzuriteAsync();
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var service = await AzuriteTables.ServiceAsync(connectionString:
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={wrongKey};TableEndpoint={azurite.TableEndpoint}");
        var table = service.GetTable(_table.Name);

        var error = await Assert.ThrowsAsync<TableStorageException>(() => table.GetAsync("p", "r"));
        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        Assert.Equal("AuthorizationFailure", error.ErrorCode);
        Assert.Contains("403", error.Message);
        Assert.DoesNotContain(wrongKey, error.Message);
    }

    [Fact]
    public async Task TransactionAppliesEveryKindOfAction()
    {
        var partition = NewPartition();
        var existing = await _table.InsertAsync(new TableRow(partition, "update-replace").Set("V", 0));
        var merging = await _table.InsertAsync(new TableRow(partition, "update-merge").Set("Kept", "yes"));
        await _table.InsertAsync(new TableRow(partition, "delete"));
        await _table.InsertAsync(new TableRow(partition, "upsert-merge").Set("Kept", "yes"));

        var results = await _table.SubmitBatchAsync([
            TableBatchAction.Insert(new TableRow(partition, "insert").Set("V", 1)),
            TableBatchAction.UpsertReplace(new TableRow(partition, "upsert-replace").Set("V", 2)),
            TableBatchAction.UpsertMerge(new TableRow(partition, "upsert-merge").Set("V", 3)),
            TableBatchAction.UpdateReplace(new TableRow(partition, "update-replace").Set("V", 4), existing),
            TableBatchAction.UpdateMerge(new TableRow(partition, "update-merge").Set("V", 5), merging),
            TableBatchAction.Delete(partition, "delete"),
        ]);

        Assert.Equal(6, results.Count);
        Assert.All(results.Take(5), r => Assert.False(string.IsNullOrEmpty(r.ETag)));
        Assert.Null(results[5].ETag);
        var stored = (await _table.QueryAsync(TableFilter.PartitionKeyEquals(partition)).ToListAsync()).ToDictionary(e => e.RowKey);
        Assert.Equal(["insert", "update-merge", "update-replace", "upsert-merge", "upsert-replace"], stored.Keys.Order());
        Assert.Equal(results[0].ETag, stored["insert"].ETag);
        Assert.Equal(4, stored["update-replace"].GetInt32("V"));
        Assert.Equal("yes", stored["update-merge"].GetString("Kept"));
        Assert.Equal("yes", stored["upsert-merge"].GetString("Kept"));
        Assert.Equal(3, stored["upsert-merge"].GetInt32("V"));
    }

    [Fact]
    public async Task AFailingActionLeavesTheWholeTransactionUnapplied()
    {
        var partition = NewPartition();
        var etag = await _table.InsertAsync(new TableRow(partition, "existing").Set("V", "original"));
        var blockerEtag = await _table.InsertAsync(new TableRow(partition, "blocker"));

        var failure = await Assert.ThrowsAsync<TableBatchFailedException>(() => _table.SubmitBatchAsync([
            TableBatchAction.Insert(new TableRow(partition, "new-1")),
            TableBatchAction.UpdateReplace(new TableRow(partition, "existing").Set("V", "changed"), etag),
            TableBatchAction.Insert(new TableRow(partition, "blocker")),
            TableBatchAction.Insert(new TableRow(partition, "new-2")),
        ]));

        Assert.Equal(HttpStatusCode.Conflict, failure.Status);
        Assert.Equal("EntityAlreadyExists", failure.ErrorCode);
        Assert.Equal(2, failure.FailedActionIndex);
        Assert.Equal(TableBatchActionType.Insert, failure.FailedAction!.Type);
        Assert.Contains("action 2", failure.Message);
        Assert.False(failure.EarlierAttemptMayHaveApplied);
        var stored = (await _table.QueryAsync(TableFilter.PartitionKeyEquals(partition)).ToListAsync()).ToDictionary(e => e.RowKey);
        Assert.Equal(["blocker", "existing"], stored.Keys.Order());
        Assert.Equal("original", stored["existing"].GetString("V"));
        Assert.Equal(etag, stored["existing"].ETag);
        Assert.Equal(blockerEtag, stored["blocker"].ETag);
    }

    [Fact]
    public async Task StaleETagInATransactionIsReported()
    {
        var partition = NewPartition();
        var etag = await _table.InsertAsync(new TableRow(partition, "r").Set("V", 1));
        await _table.UpsertAsync(new TableRow(partition, "r").Set("V", 2));
        var failure = await Assert.ThrowsAsync<TableBatchFailedException>(() => _table.SubmitBatchAsync([
            TableBatchAction.Insert(new TableRow(partition, "other")),
            TableBatchAction.UpdateMerge(new TableRow(partition, "r").Set("V", 3), etag),
        ]));
        Assert.Equal(HttpStatusCode.PreconditionFailed, failure.Status);
        Assert.Equal(1, failure.FailedActionIndex);
        Assert.Null(await _table.GetAsync(partition, "other"));
    }

    [Fact]
    public async Task TransactionsAreCheckedBeforeSending()
    {
        Assert.Contains("one partition", (await Assert.ThrowsAsync<ArgumentException>(() => _table.SubmitBatchAsync([
            TableBatchAction.Insert(new TableRow("a", "1")), TableBatchAction.Insert(new TableRow("b", "1"))]))).Message);
        Assert.Contains("appear once", (await Assert.ThrowsAsync<ArgumentException>(() => _table.SubmitBatchAsync([
            TableBatchAction.Insert(new TableRow("a", "1")), TableBatchAction.Delete("a", "1")]))).Message);
        Assert.Contains("1-100", (await Assert.ThrowsAsync<ArgumentException>(() => _table.SubmitBatchAsync(
            Enumerable.Range(0, 101).Select(i => TableBatchAction.Insert(new TableRow("a", $"{i}"))).ToList()))).Message);
        Assert.Contains("1-100", (await Assert.ThrowsAsync<ArgumentException>(() => _table.SubmitBatchAsync([]))).Message);
    }
}
