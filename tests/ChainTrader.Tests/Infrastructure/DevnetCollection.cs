namespace ChainTrader.Tests.Infrastructure;

/// <summary>
/// Every test class that uses the shared devnet joins this collection, so they run one at a time: they share
/// funded accounts (nonces) and some take evm_snapshot/evm_revert, which would undo another class's work.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DevnetCollection
{
    public const string Name = "devnet";
}
