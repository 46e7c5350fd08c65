using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChainTrader.Functions.Configuration;

public sealed record DevnetFeed(string Address, int Decimals, string Answer);
