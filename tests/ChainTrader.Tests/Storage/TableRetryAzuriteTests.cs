using System.Diagnostics;
using System.Net;
using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;

namespace ChainTrader.Tests.Storage;

/// <summary>
/// The retry policy in front of a real Azurite, with faults injected between client and server: throttling and
/// transient faults are retried (honouring Retry-After), answers are not, and a write whose response was lost after
/// the server applied it is recognised by its write id instead of being reported as a conflict.
/// </summary>
public class TableRetryAzuriteTests(AzuriteTableFixture fixture) : IClassFixture<AzuriteTableFixture>
{
    private readonly EntityTable _direct = fixture.Table;
    private static string NewPartition() => "retry-" + Guid.NewGuid().ToString("N");

    private static async Task<(EntityTable Table, FaultInjectingHandler Faults)> ClientAsync(string tableName, params Fault[] faults)
    {
        var handler = new FaultInjectingHandler(faults);
        var service = await AzuriteTables.ServiceAsync(handler, new TableStorageOptions
        {
            MaxRetryAttempts = 3,
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            RetryMaxDelay = TimeSpan.FromSeconds(3),
        });
        return (service.GetTable(tableName), handler);
    }

    [Fact]
    public async Task ThrottlingIsRetriedAfterTheServersRetryAfter()
    {
        var (table, faults) = await ClientAsync(_direct.Name, Fault.Throttle429RetryAfterOneSecond);
        var watch = Stopwatch.StartNew();
        Assert.True(await table.TryInsertAsync(new TableRow(NewPartition(), "r")));
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(950), TimeSpan.FromSeconds(10));
        Assert.Equal(["POST", "POST"], faults.Methods);
    }

    [Fact]
    public async Task TransientServerErrorsAreRetried()
    {
        var (table, faults) = await ClientAsync(_direct.Name, Fault.Unavailable503, Fault.ServerError500NotApplied, Fault.ConnectionRefused);
        var partition = NewPartition();
        await table.UpsertAsync(new TableRow(partition, "r").Set("V", 1));
        Assert.Equal(4, faults.Methods.Count);
        Assert.Equal(1, (await _direct.GetAsync(partition, "r"))!.GetInt32("V"));
    }

    [Fact]
    public async Task AnswersAreNeverRetried()
    {
        var partition = NewPartition();
        var etag = await _direct.InsertAsync(new TableRow(partition, "r"));
        await _direct.UpsertAsync(new TableRow(partition, "r").Set("V", 2));

        var (table, faults) = await ClientAsync(_direct.Name);
        Assert.False(await table.TryInsertAsync(new TableRow(partition, "r")));                       // 409
        await Assert.ThrowsAsync<TableConcurrencyException>(() => table.UpdateAsync(new TableRow(partition, "r"), etag, TableUpdateMode.Merge)); // 412
        Assert.Null(await table.GetAsync(partition, "absent"));                                            // 404
        Assert.Equal(3, faults.Methods.Count);

        var (badRequest, badFaults) = await ClientAsync(_direct.Name, Fault.BadRequest400);
        var error = await Assert.ThrowsAsync<TableStorageException>(() => badRequest.UpsertAsync(new TableRow(partition, "x")));
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Single(badFaults.Methods);
    }

    [Fact]
    public async Task ExhaustedRetriesReportTheLastAnswer()
    {
        var (table, faults) = await ClientAsync(_direct.Name, Fault.Unavailable503, Fault.Unavailable503, Fault.Unavailable503, Fault.Unavailable503);
        var error = await Assert.ThrowsAsync<TableStorageException>(() => table.GetAsync("p", "r"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Status);
        Assert.Equal("ServerBusy", error.ErrorCode);
        Assert.Equal(4, faults.Methods.Count);
    }

    [Fact]
    public async Task UnreachableServiceFailsWithAClearErrorAfterRetries()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var service = await AzuriteTables.ServiceAsync(connectionString:
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={StorageConnection.DevelopmentAccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1");
        var error = await Assert.ThrowsAsync<TableStorageException>(() => service.GetTable("nowhere").GetAsync("p", "r"));
        Assert.Equal("ConnectionFailed", error.ErrorCode);
        Assert.Contains("5 attempt(s)", error.Message);
    }

    [Fact]
    public async Task InsertWhoseResponseWasLostStillCountsAsOurs()
    {
        var partition = NewPartition();
        var (table, faults) = await ClientAsync(_direct.Name, Fault.ApplyThenDropResponse);

        Assert.True(await table.TryInsertAsync(new TableRow(partition, "dedupe:update:42").Set("Owner", "me")));
        Assert.Equal(["POST", "POST", "GET"], faults.Methods);
        Assert.False(await table.TryInsertAsync(new TableRow(partition, "dedupe:update:42")));
        var stored = await _direct.GetAsync(partition, "dedupe:update:42");
        Assert.Equal(["Owner"], stored!.PropertyNames);

        var (insertTable, _) = await ClientAsync(_direct.Name, Fault.ApplyThenDropResponse);
        var etag = await insertTable.InsertAsync(new TableRow(partition, "plain-insert"));
        Assert.Equal((await _direct.GetAsync(partition, "plain-insert"))!.ETag, etag);
    }

    [Fact]
    public async Task SomeoneElsesInsertIsStillAConflictAfterARetry()
    {
        var partition = NewPartition();
        await _direct.InsertAsync(new TableRow(partition, "taken").Set("Owner", "other"));
        var (table, faults) = await ClientAsync(_direct.Name, Fault.ServerError500NotApplied);

        Assert.False(await table.TryInsertAsync(new TableRow(partition, "taken").Set("Owner", "me")));
        Assert.Equal(["POST", "POST", "GET"], faults.Methods);
        Assert.Equal("other", (await _direct.GetAsync(partition, "taken"))!.GetString("Owner"));
    }

    [Fact]
    public async Task ConditionalUpdateWhoseResponseWasLostSucceeds()
    {
        var partition = NewPartition();
        var etag = await _direct.InsertAsync(new TableRow(partition, "trade").Set("Step", "Confirmed"));
        var (table, faults) = await ClientAsync(_direct.Name, Fault.ApplyThenDropResponse);

        var newEtag = await table.UpdateAsync(new TableRow(partition, "trade").Set("Step", "Submitted"), etag, TableUpdateMode.Replace);

        Assert.Equal(["PUT", "PUT", "GET"], faults.Methods);
        var stored = await _direct.GetAsync(partition, "trade");
        Assert.Equal("Submitted", stored!.GetString("Step"));
        Assert.Equal(stored.ETag, newEtag);
        await Assert.ThrowsAsync<TableConcurrencyException>(() => _direct.UpdateAsync(new TableRow(partition, "trade"), etag, TableUpdateMode.Replace));
    }

    [Fact]
    public async Task TransactionWhoseResponseWasLostSucceeds()
    {
        var partition = NewPartition();
        var (table, faults) = await ClientAsync(_direct.Name, Fault.ApplyThenDropResponse);

        var results = await table.SubmitBatchAsync([
            TableBatchAction.Insert(new TableRow(partition, "a").Set("V", 1)),
            TableBatchAction.Insert(new TableRow(partition, "b").Set("V", 2)),
        ]);

        Assert.Equal(["POST", "POST", "GET", "GET", "GET"], faults.Methods);
        var stored = (await _direct.QueryAsync(TableFilter.PartitionKeyEquals(partition)).ToListAsync()).ToDictionary(e => e.RowKey);
        Assert.Equal(stored["a"].ETag, results[0].ETag);
        Assert.Equal(stored["b"].ETag, results[1].ETag);
    }

    [Fact]
    public async Task DeleteOnlyTransactionAfterALostResponseIsFlaggedUncertain()
    {
        var partition = NewPartition();
        await _direct.InsertAsync(new TableRow(partition, "a"));
        var (table, _) = await ClientAsync(_direct.Name, Fault.ApplyThenDropResponse);

        var failure = await Assert.ThrowsAsync<TableBatchFailedException>(() => table.SubmitBatchAsync([TableBatchAction.Delete(partition, "a")]));
        Assert.Equal(HttpStatusCode.NotFound, failure.Status);
        Assert.True(failure.EarlierAttemptMayHaveApplied);
        Assert.Contains("earlier, ambiguous attempt", failure.Message);
    }
}
