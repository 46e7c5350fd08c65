namespace ChainTrader.Functions.Configuration;

public sealed record DevnetAccount(string Name, string Address, string PrivateKey);
