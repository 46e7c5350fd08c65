namespace ChainTrader.Application.Configuration;

public sealed record DevnetAccount(string Name, string Address, string PrivateKey);
