using ChainTrader.Core.Evm;

namespace ChainTrader.Core.Watching;

/// <summary>/unwatch ADDRESS|LABEL: exactly one of the two.</summary>
public sealed record UnwatchRequest(Address? Address, string? Label);
