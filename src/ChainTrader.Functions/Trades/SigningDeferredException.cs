using System.Globalization;
using System.Numerics;
using Azure.Data.Tables;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Storage;
using ChainTrader.Adapters.Transactions;
using ChainTrader.Core;
using ChainTrader.Core.Trades;
using ChainTrader.Functions.Storage;

namespace ChainTrader.Functions.Trades;

/// <summary>Signing cannot safely happen now; the trade's next retry tries again.</summary>
public sealed class SigningDeferredException(string message) : Exception(message);
