using System.Diagnostics;
using System.Text.Json.Serialization;
using ChainTrader.Functions.Configuration;
using Microsoft.Extensions.Options;

namespace ChainTrader.Functions.Health;

public sealed record CheckOutcome(string Name, bool Healthy, string Detail, long ElapsedMs);
