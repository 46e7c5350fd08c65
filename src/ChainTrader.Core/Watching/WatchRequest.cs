using ChainTrader.Core.Evm;

namespace ChainTrader.Core.Watching;

/// <summary>/watch ADDRESS [CHAIN] [LABEL]</summary>
public sealed record WatchRequest(Address Address, string Chain, string? Label);
