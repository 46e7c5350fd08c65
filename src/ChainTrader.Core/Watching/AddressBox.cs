using ChainTrader.Core.Evm;

namespace ChainTrader.Core.Watching;

/// <summary>An <see cref="Evm.Address"/> (a struct) carried as a class result.</summary>
public sealed record AddressBox(Address Value);
