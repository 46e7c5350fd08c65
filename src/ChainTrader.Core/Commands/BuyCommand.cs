namespace ChainTrader.Core.Commands;
/// <summary>
/// Spend <see cref="Amount"/> of <see cref="PayWith"/> (null: the configured quote token, TRADING_QUOTE_TOKEN) on
/// <see cref="Asset"/>. The amount is in units of the paying token.
/// </summary>
public sealed record BuyCommand(AssetRef Asset, decimal Amount, AssetRef? PayWith = null) : ChatCommand("buy");
