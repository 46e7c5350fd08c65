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

/// <summary>Another worker advanced the trade between our read and our write (412): re-read and decide again.</summary>
public sealed class TradeConflictException(string tradeId) : Exception($"Trade {tradeId} was changed by another worker.");
