namespace ChainTrader.Core.Chains;

/// <summary>Everything ChainTrader needs to know about one EVM chain. Built from a preset plus configuration.</summary>
public sealed record ChainDefinition(
    string Name,
    long ChainId,
    IReadOnlyList<Uri> RpcUrls,
    int Confirmations,
    string NativeSymbol,
    TimeSpan BlockTime,
    bool SupportsEip1559,
    string? DexRouter,
    string? ExplorerTxUrl);
