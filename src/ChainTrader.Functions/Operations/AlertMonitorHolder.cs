using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Telegram;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Risk;
using ChainTrader.Functions.Alerts;
using ChainTrader.Functions.Chains;
using ChainTrader.Functions.Configuration;
using ChainTrader.Functions.Functions.AlertSweep;
using ChainTrader.Functions.Functions.Housekeeping;
using ChainTrader.Functions.Gates;
using ChainTrader.Functions.Hosting;
using ChainTrader.Functions.Telemetry;
using ChainTrader.Functions.Trades;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChainTrader.Functions.Operations;

/// <summary>The alert monitor when there are admins to alert (null otherwise), and whether the sweep has run before.</summary>
public sealed class AlertMonitorHolder(AlertMonitor? monitor)
{
    private int _runs;

    public AlertMonitor? Monitor { get; } = monitor;

    public bool FirstRun() => Interlocked.Increment(ref _runs) == 1;
}
