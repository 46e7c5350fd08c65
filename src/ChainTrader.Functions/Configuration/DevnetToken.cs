using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChainTrader.Functions.Configuration;

public sealed record DevnetToken(string Address, int Decimals);
