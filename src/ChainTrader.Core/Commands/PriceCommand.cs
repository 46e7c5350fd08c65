namespace ChainTrader.Core.Commands;
public sealed record PriceCommand(AssetRef Asset) : ChatCommand("price");
