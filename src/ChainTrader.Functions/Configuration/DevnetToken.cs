namespace ChainTrader.Functions.Configuration;

public sealed record DevnetToken(string Address, int Decimals);
