using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChainTrader.Functions.Configuration;

public sealed record DevnetContracts(string Weth, string Factory, string Router, string SequencerUptimeFeed);
