using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Trades;
using ChainTrader.Functions.Storage;
using Microsoft.Extensions.Options;

namespace ChainTrader.Functions.Trades;

/// <summary>A transaction outside fills (an approval) broadcast with <see cref="Nonce"/> whose gas is not recorded yet.</summary>
public sealed record PendingGas(string TxHash, long Nonce, string Purpose, DateTimeOffset BroadcastAt);
