using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Risk;
using ChainTrader.Core.Trades;
using ChainTrader.Functions.Audit;
using ChainTrader.Functions.Storage;
using ChainTrader.Functions.Telemetry;

namespace ChainTrader.Functions.Trades;

/// <summary>An open trade the sweeper must look at, with the trace it was opened under.</summary>
public sealed record DueTrade(string TradeId, string? TraceParent);
