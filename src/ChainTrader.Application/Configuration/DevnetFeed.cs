namespace ChainTrader.Application.Configuration;

public sealed record DevnetFeed(string Address, int Decimals, string Answer);
