using System.Net;
using Azure.Data.Tables;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Storage;
using ChainTrader.Functions.Dedupe;
using ChainTrader.Functions.Notifications;
using ChainTrader.Functions.Oracles;
using ChainTrader.Functions.Storage;

namespace ChainTrader.Functions.Operations;

/// <summary>What one Housekeeping run did: each job's outcome ("deleted 12", "skipped: not due", an error).</summary>
public sealed record HousekeepingReport(IReadOnlyList<string> Lines);
