namespace ChainTrader.Adapters.Rpc;

/// <summary>
/// An eth_getLogs filter. Either a block range (<see cref="FromBlock"/>/<see cref="ToBlock"/>) or a single
/// <see cref="BlockHash"/>. <see cref="Topics"/> is positional: a null position matches anything, a list matches any of its topics.
/// </summary>
public sealed record LogFilter
{
    public BlockTag? FromBlock { get; init; }
    public BlockTag? ToBlock { get; init; }
    public string? BlockHash { get; init; }
    public IReadOnlyList<string>? Addresses { get; init; }
    public IReadOnlyList<IReadOnlyList<string>?>? Topics { get; init; }
}
