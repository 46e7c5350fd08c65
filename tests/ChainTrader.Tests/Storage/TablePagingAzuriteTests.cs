using System.Diagnostics;
using ChainTrader.Adapters.Storage;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Storage;

/// <summary>2,500 rows written in 25 transactions, read back through continuation tokens.</summary>
public class TablePagingAzuriteTests(AzuriteTableFixture fixture, ITestOutputHelper output) : IClassFixture<AzuriteTableFixture>
{
    private const int Rows = 2_500;
    private readonly EntityTable _table = fixture.Table;

    private async Task<string> SeedAsync()
    {
        var partition = "paging-" + Guid.NewGuid().ToString("N");
        var watch = Stopwatch.StartNew();
        for (var batch = 0; batch < Rows / EntityTable.MaxBatchActions; batch++)
        {
            await _table.SubmitBatchAsync(Enumerable.Range(batch * 100, 100)
                .Select(i => TableBatchAction.Insert(new TableRow(partition, $"row{i:D5}").Set("N", i))).ToList());
        }
        output.WriteLine($"Inserted {Rows} rows in {Rows / 100} transactions in {watch.ElapsedMilliseconds} ms");
        return partition;
    }

    [Fact]
    public async Task ExplicitPagesOfAThousandReturnEveryRowOnce()
    {
        var partition = await SeedAsync();
        var seen = new List<int>();
        var pages = new List<int>();
        string? continuation = null;
        do
        {
            var page = await _table.QueryPageAsync(TableFilter.PartitionKeyEquals(partition), pageSize: 1000, continuationToken: continuation);
            Assert.True(page.Entities.Count <= 1000);
            pages.Add(page.Entities.Count);
            seen.AddRange(page.Entities.Select(e => e.GetInt32("N")));
            continuation = page.ContinuationToken;
        } while (continuation is not null);

        output.WriteLine($"Page sizes: {string.Join(", ", pages)}");
        Assert.Equal(Enumerable.Range(0, Rows), seen);
        Assert.True(pages.Count >= 3, $"expected at least 3 pages, got {pages.Count}");
    }

    [Fact]
    public async Task QueryAsyncFollowsContinuationsWithSmallPagesAndSelect()
    {
        var partition = await SeedAsync();
        var watch = Stopwatch.StartNew();
        var all = await _table.QueryAsync(TableFilter.PartitionKeyEquals(partition), select: ["N"], pageSize: 333).ToListAsync();
        output.WriteLine($"Read {all.Count} rows in pages of 333 in {watch.ElapsedMilliseconds} ms");

        Assert.Equal(Rows, all.Count);
        Assert.Equal(Rows, all.Select(e => e.RowKey).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, Rows), all.Select(e => e.GetInt32("N")));
        Assert.All(all, e => Assert.Equal(["N"], e.PropertyNames));
    }

    [Fact]
    public async Task DefaultPagingReadsEverythingAndRangesCut()
    {
        var partition = await SeedAsync();
        Assert.Equal(Rows, await _table.QueryAsync(TableFilter.PartitionKeyEquals(partition)).CountAsync());
        var range = await _table.QueryAsync(TableFilter.PartitionKeyEquals(partition).And(TableFilter.StartsWith("RowKey", "row012")), pageSize: 7).ToListAsync();
        Assert.Equal(Enumerable.Range(1200, 100), range.Select(e => e.GetInt32("N")));
    }

    [Fact]
    public async Task PageSizeIsValidated()
        => await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _table.QueryPageAsync(pageSize: 1001));
}
