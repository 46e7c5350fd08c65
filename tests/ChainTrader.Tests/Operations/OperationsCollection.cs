using ChainTrader.Adapters.Storage;
using ChainTrader.Functions.Storage;
using ChainTrader.Functions.Telemetry;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

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
