using ChainTrader.Functions.Hosting;

namespace ChainTrader.UnitTests.Hosting;

public class FunctionCatalogTests
{
    [Fact]
    public void ShippedFunctionJsonFilesDescribeEveryFunction()
    {
        var catalog = FunctionCatalog.Load(AppContext.BaseDirectory);
        var byName = catalog.Functions.ToDictionary(f => f.Name);

        Assert.Equal("timerTrigger", byName["RpcHealth"].TriggerType);
        Assert.Equal("*/30 * * * * *", byName["RpcHealth"].Schedule!.Expression);
        Assert.Equal("telegram/webhook", byName["TelegramWebhook"].Route);
        Assert.Equal(["health", "healthz", "readyz"], catalog.Functions.Where(f => f.Name.StartsWith("Health", StringComparison.Ordinal) || f.Name == "Readyz").Select(f => f.Route!).Order());
    }

    [Fact]
    public void QueueTriggersAndOutputsAreRead()
    {
        const string json = """
        { "bindings": [
            { "type": "queueTrigger", "direction": "in", "name": "message", "queueName": "trade-steps", "connection": "AzureWebJobsStorage" },
            { "type": "queue", "direction": "out", "name": "notify", "queueName": "notifications", "connection": "AzureWebJobsStorage" } ] }
        """;
        var function = FunctionCatalog.Parse("TradeStep", json, "TradeStep/function.json");
        Assert.Equal(("trade-steps", "message"), (function.QueueName, function.TriggerBinding));
        Assert.Equal(new QueueOutputBinding("notify", "notifications"), Assert.Single(function.QueueOutputs));
    }

    [Fact]
    public void ShippedQueueFunctionsUseStorageQueuesOnTheAppsStorageConnection()
    {
        var byName = FunctionCatalog.Load(AppContext.BaseDirectory).Functions.ToDictionary(f => f.Name);

        Assert.Equal(("queueTrigger", "notifications", "hint"), (byName["Notify"].TriggerType, byName["Notify"].QueueName, byName["Notify"].TriggerBinding));
        Assert.Equal(new QueueOutputBinding("hints", "notifications"), Assert.Single(byName["OutboxSweeper"].QueueOutputs));
        // The host binds every queue on the app's own storage account (AzureWebJobsStorage), nothing else.
        foreach (var name in new[] { "Notify", "OutboxSweeper" })
        {
            var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, name, "function.json"));
            using var document = System.Text.Json.JsonDocument.Parse(json);
            var queueBindings = document.RootElement.GetProperty("bindings").EnumerateArray()
                .Where(b => b.GetProperty("type").GetString() is "queue" or "queueTrigger").ToList();
            Assert.NotEmpty(queueBindings);
            Assert.All(queueBindings, b => Assert.Equal("AzureWebJobsStorage", b.GetProperty("connection").GetString()));
        }
    }

    [Theory]
    [InlineData("""{ "bindings": [] }""", "no trigger binding")]
    [InlineData("""{ "bindings": [ { "type": "serviceBusTrigger", "direction": "in", "name": "m", "queueName": "q" } ] }""", "\"serviceBusTrigger\" is not one ChainTrader handles")]
    [InlineData("""{ }""", "no \"bindings\" array")]
    [InlineData("""{ "bindings": [ { "type": "timerTrigger", "direction": "in", "name": "t" } ] }""", "binding without \"schedule\"")]
    [InlineData("""{ "bindings": [ { "type": "timerTrigger", "direction": "in", "name": "t", "schedule": "0 * * * *" } ] }""", "six are required")]
    [InlineData("""{ "bindings": [ { "type": "blobTrigger", "direction": "in", "name": "b" } ] }""", "\"blobTrigger\" is not one ChainTrader handles")]
    public void BadFunctionJsonIsRejectedWithTheReason(string json, string message) =>
        Assert.Contains(message, Assert.Throws<InvalidDataException>(() => FunctionCatalog.Parse("X", json, "X/function.json")).Message);
}
