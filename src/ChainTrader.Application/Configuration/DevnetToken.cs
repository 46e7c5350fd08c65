namespace ChainTrader.Application.Configuration;

public sealed record DevnetToken(string Address, int Decimals);
