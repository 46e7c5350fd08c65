namespace ChainTrader.Core.Commands;
/// <summary>Balances of every tracked token, or of one.</summary>
public sealed record BalanceCommand(AssetRef? Asset) : ChatCommand("balance");
