namespace ChainTrader.Core.Commands;
/// <summary>A quote for swapping <see cref="Amount"/> of <see cref="From"/> into <see cref="To"/>, without opening a trade.</summary>
public sealed record QuoteCommand(decimal Amount, AssetRef From, AssetRef To) : ChatCommand("quote");
