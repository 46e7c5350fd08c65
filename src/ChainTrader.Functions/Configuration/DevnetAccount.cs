using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChainTrader.Functions.Configuration;

public sealed record DevnetAccount(string Name, string Address, string PrivateKey);
