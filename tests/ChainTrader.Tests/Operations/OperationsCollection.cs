namespace ChainTrader.Tests.Operations;

/// <summary>
/// The operations tests share one private Azurite and run one at a time: the Alerts, OpsSignals, Dedupe, Outbox,
/// Housekeeping and ConfigHistory tables have fixed names, and housekeeping deletes across whole tables.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OperationsCollection : ICollectionFixture<OperationsFixture>
{
    public const string Name = "operations";
}
