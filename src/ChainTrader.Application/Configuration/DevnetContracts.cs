namespace ChainTrader.Application.Configuration;

public sealed record DevnetContracts(string Weth, string Factory, string Router, string SequencerUptimeFeed);
