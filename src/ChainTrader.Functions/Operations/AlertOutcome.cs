using System.Globalization;
using ChainTrader.Core.Alerts;
using ChainTrader.Core.Risk;
using ChainTrader.Functions.Alerts;
using ChainTrader.Functions.Chains;
using ChainTrader.Functions.Gates;
using ChainTrader.Functions.Telemetry;
using ChainTrader.Functions.Trades;
using Microsoft.Extensions.Options;

namespace ChainTrader.Functions.Operations;

/// <summary>One evaluated condition and what the alert service did with it.</summary>
public sealed record AlertOutcome(string Key, bool Active, AlertAction Action);
