namespace ChainTrader.Core.Commands;
public sealed record SwapCommand(decimal Amount, AssetRef From, AssetRef To) : ChatCommand("swap");
