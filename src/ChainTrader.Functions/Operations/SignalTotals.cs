using System.Collections.Concurrent;
using System.Globalization;
using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using ChainTrader.Functions.Storage;
using ChainTrader.Functions.Telemetry;
using Microsoft.Extensions.Options;

namespace ChainTrader.Functions.Operations;

/// <summary>The summed counts of every instance over one window.</summary>
public sealed record SignalTotals(IReadOnlyDictionary<SignalKind, long> Counts, TimeSpan Window)
{
    public long this[SignalKind kind] => Counts.GetValueOrDefault(kind);
}
